/**
 * createApp(deps): the whole mock as a Hono app. The Sync API (with its generated OpenAPI document) and the
 * admin plane are separate sub-apps, so admin routes never leak into the API document; both share one error
 * handler, one not-found answer and the request scope (id, log, journal).
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { ADMIN_PREFIX, createAdminApp } from "./admin/admin.index.js";
import type { AppDeps } from "./services.js";
import { landing } from "./docs/landing.js";
import { loginAnswer, mountLogin, wantsLoginForm } from "./admin/ui.js";
import { mountDocs } from "./docs/docs.js";
import type { AppEnv } from "./env.js";
import { answerError, errorResponse } from "./http/error-answer.js";
import { apiError } from "./http/errors.js";
import { FusingRouter } from "./http/fusing-router.js";
import { requireAdminToken } from "./http/middleware/admin-token.js";
import { requestScope } from "./http/middleware/request-scope.js";
import { asMiddleware } from "./http/steps.js";
import { validationHook } from "./http/validation.js";
import { mountAssets } from "./resources/assets/assets.index.js";
import { mountBatches } from "./resources/batches/batches.index.js";
import { mountGenerations } from "./resources/generations/generations.index.js";
import { mountErrors } from "./resources/errors/errors.js";
import { mountModels } from "./resources/models/models.js";
import { mountOrganizations } from "./resources/organizations/organizations.js";
import { mountResults } from "./resources/results/results.js";
import { VERSION } from "./version.js";

/** The OpenAPI document's top-level fields. */
export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Sync API (sync-mock)",
    version: VERSION,
    description:
      "The Sync lip-sync API v2 as implemented by sync-mock. Generated from the mock's zod schemas; " +
      "paths, fields and errors follow the real API (https://api.sync.so).",
  },
  servers: [{ url: "/", description: "This mock" }],
};

/** Builds the Sync API sub-app (everything that belongs in `openapi/openapi.json`). */
export function createApiApp(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.openAPIRegistry.registerComponent("securitySchemes", "ApiKeyAuth", { type: "apiKey", in: "header", name: "x-api-key" });
  mountGenerations(api);
  mountBatches(api);
  mountAssets(api);
  mountModels(api);
  mountErrors(api);
  mountOrganizations(api);
  mountResults(api);
  return api;
}

/** The generated OpenAPI document of the Sync API. */
export function openApiDocument(api: OpenAPIHono<AppEnv> = createApiApp()) {
  return api.getOpenAPI31Document(OPENAPI_INFO);
}

/** Builds the mock. Every call gives an independent app over the given services. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  // The router runs a request whose handlers are all steps (the request scope, then a route's key check and
  // handler) as one handler, so a poll is answered without Hono's async middleware layers (see http/steps.ts).
  const app = new Hono<AppEnv>({ router: new FusingRouter() });
  const api = createApiApp();
  // Generated on first request: it costs ~20 ms of start-up (a tenth of it) and most runs never ask for it.
  let document: ReturnType<typeof openApiDocument> | undefined;

  // The request id, deps, the request log and the journal, in one layer.
  app.use(asMiddleware(requestScope(deps)));

  // For load balancers: a replica whose shared store is unreachable takes no traffic.
  app.get("/health", (c) => (deps.store.available() ? c.json({ status: "ok" }) : c.json({ status: "unavailable", store: deps.store.location }, 503)));
  app.get("/openapi.json", (c) => c.json((document ??= openApiDocument(api))));
  mountDocs(app);
  app.route("/", api);
  app.get("/", (c) => landing(c));
  // Only when asked for: an open admin plane (the default) pays nothing for the check. The inspector's login
  // comes before it (it checks the token itself); a browser without the token gets the login form.
  if (deps.adminToken) {
    mountLogin(app, deps.adminToken);
    app.use(`${ADMIN_PREFIX}/*`, requireAdminToken(deps.adminToken, { wants: wantsLoginForm, answer: (c) => loginAnswer(c) }));
  }
  app.route(ADMIN_PREFIX, createAdminApp());

  app.notFound((c) => errorResponse(c, apiError("route_not_found", `Cannot ${c.req.method} ${c.req.path}`)));
  app.onError(answerError);
  return app;
}

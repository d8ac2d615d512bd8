/**
 * createApp(deps): the whole mock as a Hono app. The Sync API (with its generated OpenAPI document) and the
 * admin plane are separate sub-apps, so admin routes never leak into the API document; both share one error
 * handler, one not-found answer and the request scope (id, log, journal).
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ADMIN_PREFIX, createAdminApp } from "./admin/admin.index.js";
import type { AppDeps } from "./deps.js";
import { mountDocs } from "./docs/docs.js";
import type { AppEnv } from "./env.js";
import { ApiError, apiError, statusBody } from "./http/errors.js";
import { requestScope } from "./http/middleware/request-scope.js";
import { validationHook } from "./http/validation.js";
import { mountAssets } from "./resources/assets/assets.index.js";
import { mountBatches } from "./resources/batches/batches.index.js";
import { mountGenerations } from "./resources/generations/generations.index.js";
import { mountModels } from "./resources/models/models.js";
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
  mountResults(api);
  return api;
}

/** The generated OpenAPI document of the Sync API. */
export function openApiDocument(api: OpenAPIHono<AppEnv> = createApiApp()) {
  return api.getOpenAPI31Document(OPENAPI_INFO);
}

// Deviation: every error body carries the request id (the real API documents it on 500s only).
function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ ...error.body, requestId: c.var.requestId }, error.status as 400);
}

/** Whether `error` comes from the client leaving (closing the socket mid-body), not from the mock. */
function clientWentAway(c: Context<AppEnv>, error: Error): boolean {
  return c.req.raw.signal.aborted || (error as NodeJS.ErrnoException).code === "ECONNRESET";
}

/** Builds the mock. Every call gives an independent app over the given services. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const api = createApiApp();
  // Generated on first request: it costs ~20 ms of start-up (a tenth of it) and most runs never ask for it.
  let document: ReturnType<typeof openApiDocument> | undefined;

  // The request id, deps, the request log and the journal, in one layer.
  app.use(requestScope(deps));

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/openapi.json", (c) => c.json((document ??= openApiDocument(api))));
  mountDocs(app);
  app.route("/", api);
  app.route(ADMIN_PREFIX, createAdminApp());

  app.notFound((c) => errorResponse(c, apiError("route_not_found", `Cannot ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 413) return errorResponse(c, apiError("payload_too_large"));
      return errorResponse(c, new ApiError(status, statusBody(status, error.message)));
    }
    const requestIdValue = c.get("requestId");
    if (clientWentAway(c, error)) {
      // Nobody will read this answer; it is not the mock's fault, so it is not logged as an error.
      deps.logger.info({ requestId: requestIdValue, method: c.req.method, path: c.req.path }, "client closed the connection mid-request");
      return errorResponse(c, new ApiError(400, statusBody(400, "The client closed the connection")));
    }
    deps.logger.error({ err: error, requestId: requestIdValue, method: c.req.method, path: c.req.path }, "unexpected error");
    return errorResponse(c, apiError("internal_error"));
  });
  return app;
}

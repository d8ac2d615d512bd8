/**
 * The admin plane as its own app under `/__mock`, with its own OpenAPI document at `/__mock/openapi.json`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { mountDocumented } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { VERSION } from "../version.js";
import { advanceClockHandler, getClockHandler, healthHandler, resetHandler } from "./admin.handlers.js";
import {
  advanceClockRoute,
  getClockRoute,
  deleteScenarioRoute,
  getScenarioRoute,
  healthRoute,
  eventsRoute,
  getRequestRoute,
  listJobsRoute,
  listRequestsRoute,
  listTenantsRoute,
  listScenariosRoute,
  listWebhooksRoute,
  putScenarioRoute,
  redeliverWebhookRoute,
  resetRoute,
  getStateRoute,
  getStateSchemaRoute,
  putStateRoute,
  waitWebhookRoute,
} from "./admin.routes.js";
import { getStateHandler, getStateSchemaHandler, putStateHandler } from "./state.js";
import { eventsHandler } from "./events.handlers.js";
import { mountInspector } from "./ui.js";
import { listJobsHandler, listTenantsHandler } from "./jobs.js";
import { deleteScenarioHandler, getRequestHandler, getScenarioHandler, listRequestsHandler, listScenariosHandler, putScenarioHandler } from "./scenario.handlers.js";
import { listWebhooksHandler, redeliverWebhookHandler, waitWebhookHandler } from "./webhooks.handlers.js";

/** The path prefix of the admin plane. */
export const ADMIN_PREFIX = "/__mock";

/** Builds the admin app (mounted at {@link ADMIN_PREFIX}). */
export function createAdminApp(): OpenAPIHono<AppEnv> {
  const admin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  mountDocumented(admin, healthRoute, healthHandler);
  mountDocumented(admin, resetRoute, resetHandler);
  mountDocumented(admin, getClockRoute, getClockHandler);
  mountDocumented(admin, advanceClockRoute, advanceClockHandler);
  // The literal /webhooks/wait is registered before /webhooks/{id}/… patterns so it is never taken for an id.
  admin.openapi(waitWebhookRoute, waitWebhookHandler);
  admin.openapi(listWebhooksRoute, listWebhooksHandler);
  admin.openapi(redeliverWebhookRoute, redeliverWebhookHandler);
  mountDocumented(admin, listRequestsRoute, listRequestsHandler);
  mountDocumented(admin, getRequestRoute, getRequestHandler);
  mountDocumented(admin, listJobsRoute, listJobsHandler);
  mountDocumented(admin, listTenantsRoute, listTenantsHandler);
  mountDocumented(admin, eventsRoute, eventsHandler);
  mountDocumented(admin, getScenarioRoute, getScenarioHandler);
  mountDocumented(admin, putScenarioRoute, putScenarioHandler);
  mountDocumented(admin, deleteScenarioRoute, deleteScenarioHandler);
  mountDocumented(admin, listScenariosRoute, listScenariosHandler);
  mountDocumented(admin, getStateRoute, getStateHandler);
  mountDocumented(admin, putStateRoute, putStateHandler);
  mountDocumented(admin, getStateSchemaRoute, getStateSchemaHandler);
  mountInspector(admin);
  // Generated on first request, not at start-up (see createApp).
  let document: ReturnType<typeof adminOpenApiDocument> | undefined;
  admin.get("/openapi.json", (c) => c.json((document ??= adminOpenApiDocument(admin))));
  return admin;
}

/** The admin plane's OpenAPI document. */
export function adminOpenApiDocument(admin: OpenAPIHono<AppEnv> = createAdminApp()) {
  return admin.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "sync-mock admin API",
      version: VERSION,
      description:
        "Controls of the mock: clock, reset, health. Open by default; a mock started with --admin-token answers every " +
        "route 401 unless the request carries the token (x-mock-admin-token header, Authorization: Bearer, or the sync_mock_admin cookie).",
    },
    servers: [{ url: ADMIN_PREFIX }],
  });
}

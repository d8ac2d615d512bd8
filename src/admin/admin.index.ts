/**
 * The admin plane as its own app under `/__mock`, with its own OpenAPI document at `/__mock/openapi.json`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { mountDocumented } from "../http/openapi.js";
import { validationHook } from "../http/validation.js";
import { VERSION } from "../version.js";
import { advanceClockHandler, getClockHandler, healthHandler, resetHandler } from "./admin.handlers.js";
import { advanceClockRoute, getClockRoute, healthRoute, resetRoute } from "./admin.routes.js";

/** The path prefix of the admin plane. */
export const ADMIN_PREFIX = "/__mock";

/** Builds the admin app (mounted at {@link ADMIN_PREFIX}). */
export function createAdminApp(): OpenAPIHono<AppEnv> {
  const admin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  mountDocumented(admin, healthRoute, healthHandler);
  mountDocumented(admin, resetRoute, resetHandler);
  mountDocumented(admin, getClockRoute, getClockHandler);
  mountDocumented(admin, advanceClockRoute, advanceClockHandler);
  // Generated on first request, not at start-up (see createApp).
  let document: ReturnType<typeof adminOpenApiDocument> | undefined;
  admin.get("/openapi.json", (c) => c.json((document ??= adminOpenApiDocument(admin))));
  return admin;
}

/** The admin plane's OpenAPI document. */
export function adminOpenApiDocument(admin: OpenAPIHono<AppEnv> = createAdminApp()) {
  return admin.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "sync-mock admin API", version: VERSION, description: "Controls of the mock: clock, reset, health." },
    servers: [{ url: ADMIN_PREFIX }],
  });
}

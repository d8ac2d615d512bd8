/**
 * Helpers for routes whose body the mock reads itself (streamed multipart, size-limited JSON): the route is
 * documented from its zod schemas like any other, but mounted as a plain handler so nothing buffers the body.
 */
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { steps, type Step } from "./steps.js";

/** The security requirement of routes that need `x-api-key`. */
export const API_KEY_SECURITY = [{ ApiKeyAuth: [] }];

/** The errors every route that needs `x-api-key` may answer, for its `errorResponses`. */
export const KEYED_ROUTE_ERRORS = ["missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"] as const;

/**
 * Documents `route` in the app's OpenAPI document and serves it with `chain`, steps run in order (the last one
 * answers) as one handler, which the app's router fuses with the request scope (see `steps.ts`).
 */
export function mountDocumented(app: OpenAPIHono<AppEnv>, route: RouteConfig, ...chain: Step[]): void {
  app.openAPIRegistry.registerPath(route);
  app.on([route.method.toUpperCase()], [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")], steps(...chain));
}

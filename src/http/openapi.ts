/**
 * Helpers for routes whose body the mock reads itself (streamed multipart, size-limited JSON): the route is
 * documented from its zod schemas like any other, but mounted as a plain handler so nothing buffers the body.
 */
import type { OpenAPIHono, RouteConfig } from "@hono/zod-openapi";
import type { Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.js";

/** The security requirement of routes that need `x-api-key`. */
export const API_KEY_SECURITY = [{ ApiKeyAuth: [] }];

/** Documents `route` in the app's OpenAPI document and serves it with `handlers`. */
export function mountDocumented(
  app: OpenAPIHono<AppEnv>,
  route: RouteConfig,
  ...handlers: Array<MiddlewareHandler<AppEnv> | Handler<AppEnv>>
): void {
  app.openAPIRegistry.registerPath(route);
  app.on([route.method.toUpperCase()], [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")], ...(handlers as MiddlewareHandler<AppEnv>[]));
}

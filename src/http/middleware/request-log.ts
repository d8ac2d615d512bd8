/**
 * One structured log line per request (method, path, status, duration, tenant), carrying the request id that
 * also goes out in the `X-Request-Id` header and in every error body, so a failing test's request can be
 * found in the server's logs.
 */
import { performance } from "node:perf_hooks";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env.js";

/** Logs each request once it has been answered. */
export const requestLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  // c.get, not c.var: the c.var getter copies every context variable on each read.
  const logger = c.get("deps").logger;
  if (!logger.isLevelEnabled("info")) return next();
  // Duration is real time by nature: it measures the server, not the simulated clock.
  const started = performance.now();
  await next();
  const status = c.res.status;
  logger[status >= 500 ? "error" : "info"](
    {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      tenant: c.get("tenant")?.apiKey,
    },
    "request",
  );
};

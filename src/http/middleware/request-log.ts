/**
 * One structured log line per request (method, path, status, duration, tenant), carrying the request id that
 * also goes out in the `X-Request-Id` header and in every error body, so a failing test's request can be
 * found in the server's logs. Written by {@link requestScope} once the request is answered.
 */
import type { Context } from "hono";
import type { Logger } from "pino";
import type { AppEnv } from "../../env.js";
import { requestLineWriter } from "../../request-line.js";

/** Logs a request answered with `status` (`ms`: real milliseconds to answer), at `error` for a 5xx, else `info`. */
export function logRequest(c: Context<AppEnv>, logger: Logger, status: number, ms: number): void {
  const requestId = c.get("requestId");
  const tenant = c.get("tenant")?.apiKey;
  // The JSON log's `info` line is built by hand (see request-line.ts); the same fields either way.
  const write = status < 500 ? requestLineWriter(logger) : undefined;
  if (write) return write(requestId, c.req.method, c.req.path, status, ms, tenant);
  logger[status >= 500 ? "error" : "info"]({ requestId, method: c.req.method, path: c.req.path, status, ms, tenant }, "request");
}

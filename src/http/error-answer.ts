/**
 * How a thrown error becomes an answer, for Hono's `onError` and for the request scope (which answers the
 * errors of the step chains it runs itself, so it can log and journal their status): an {@link ApiError} as its
 * body, Hono's HTTP exceptions in Sync's shape, anything else as a logged 500.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.js";
import { ApiError, apiError, statusBody } from "./errors.js";

// Deviation: every error body carries the request id (the real API documents it on 500s only).
/** The answer for `error`, with its headers and the request id. */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ ...error.body, requestId: c.get("requestId") }, error.status as 400);
}

/** Whether `error` comes from the client leaving (closing the socket mid-body), not from the mock. */
function clientWentAway(c: Context<AppEnv>, error: Error): boolean {
  return c.req.raw.signal.aborted || (error as NodeJS.ErrnoException).code === "ECONNRESET";
}

/** The answer for anything a handler throws. */
export function answerError(error: unknown, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return errorResponse(c, apiError("payload_too_large"));
    return errorResponse(c, new ApiError(status, statusBody(status, error.message)));
  }
  const { logger, store } = c.get("deps");
  const unavailable = store.unavailable(error);
  if (unavailable !== undefined) return errorResponse(c, apiError("store_unavailable", unavailable));
  const cause = error instanceof Error ? error : new Error(String(error));
  const requestId = c.get("requestId");
  if (clientWentAway(c, cause)) {
    // Nobody will read this answer; it is not the mock's fault, so it is not logged as an error.
    logger.info({ requestId, method: c.req.method, path: c.req.path }, "client closed the connection mid-request");
    return errorResponse(c, new ApiError(400, statusBody(400, "The client closed the connection")));
  }
  logger.error({ err: cause, requestId, method: c.req.method, path: c.req.path }, "unexpected error");
  return errorResponse(c, apiError("internal_error"));
}

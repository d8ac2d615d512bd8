/**
 * What every request goes through first, as ONE middleware layer: its id (`request-id.ts`), the services on
 * the context, and once it is answered, its log line (`request-log.ts`) and, for the API, its journal entry
 * (`journal.ts`). They were four layers; Hono runs each as an awaited async function with its own dispatch
 * closure; one layer is simpler, and saved about 1 µs of the 42 of a `GET /v2/generate/{id}`.
 */
import { performance } from "node:perf_hooks";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { isJournalled, journalRequest } from "./journal.js";
import { assignRequestId } from "./request-id.js";
import { logRequest } from "./request-log.js";

/** The request id, `deps` on the context, the request log and the journal. */
export function requestScope(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const newId = () => deps.ids.uuid();
  return async function requestScope(c, next) {
    assignRequestId(c, newId);
    c.set("deps", deps);
    const logged = deps.logger.isLevelEnabled("info");
    const journalled = isJournalled(c.req.path);
    if (!logged && !journalled) return next();
    // Duration is real time by nature: it measures the server, not the simulated clock.
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (logged) logRequest(c, deps.logger, ms);
    if (journalled) journalRequest(c, ms);
  };
}

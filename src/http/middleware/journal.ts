/**
 * Records every API request (paths under /v2) in the request journal once it has been answered: what the
 * client sent, what it got, under which scenario, and which rule (if any) changed the answer.
 */
import { performance } from "node:perf_hooks";
import type { MiddlewareHandler } from "hono";
import { isoTime } from "../../domain/clock.js";
import type { AppEnv } from "../../env.js";

// Credentials stay out of the journal; the key itself is the entry's tenant.
const HIDDEN_HEADERS = new Set(["authorization", "cookie", "x-api-key"]);

/** Journals /v2 requests. */
export const journal: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.req.path.startsWith("/v2/")) return next();
  const { deps } = c.var;
  // Real time by nature: it measures the server, not the simulated clock.
  const started = performance.now();
  await next();
  const tenant = c.var.tenant;
  const headers = Object.fromEntries(Object.entries(c.req.header()).filter(([name]) => !HIDDEN_HEADERS.has(name)));
  const query = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
  deps.journal.record({
    id: c.var.requestId,
    requestId: c.var.requestId,
    tenant: tenant?.apiKey ?? null,
    at: isoTime(tenant ? tenant.now() : deps.time.now(0)),
    method: c.req.method,
    path: c.req.path,
    query,
    headers,
    body: c.var.journalBody ?? null,
    status: c.res.status,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    scenario: (c.var.scenario ?? deps.scenario()).name,
    rule: c.var.rule ?? null,
  });
};

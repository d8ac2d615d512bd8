/**
 * The scenario's say over HTTP answers: request-rate limits (429 `rate_limit_exceeded` with `Retry-After`, on
 * the tenant's clock) and HTTP fault rules (answer with another status, drop the connection, or answer late).
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { globMatch } from "../../domain/glob.js";
import { decideHttp, ruleLabel, type HttpDecision } from "../../scenarios/decide.js";
import { isHttpRule } from "../../scenarios/rules.schema.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { Tenant } from "../../tenants/tenant.js";
import { apiError, statusBody } from "../errors.js";

/** "METHOD /path", what rules and limits match on. */
export function endpointOf(c: Context): string {
  return `${c.req.method} ${c.req.path}`;
}

/** 429 when a rate limit of the scenario is exceeded for this key. */
export function enforceRateLimits(c: Context<AppEnv>, tenant: Tenant, scenario: Scenario): void {
  const endpoint = endpointOf(c);
  scenario.rateLimits.forEach((limit, index) => {
    const globs = typeof limit.endpoint === "string" ? [limit.endpoint] : limit.endpoint;
    if (!globs.some((g) => globMatch(g, endpoint))) return;
    // One window per limit rule (and scenario), so a rule covering several endpoints shares its budget.
    const decision = tenant.rateLimiter.hit(`${scenario.name}#${index}`, tenant.now(), limit.limit, limit.windowMs);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      c.set("rule", `rateLimits[${index}]`);
      throw apiError("rate_limit_exceeded", "", { headers: { "Retry-After": String(seconds) } });
    }
  });
}

/**
 * Applies the first matching HTTP fault rule. `undefined` when none applies (decided at once, so a request
 * without a fault is not made to wait); otherwise a promise of the answer replacing the real one, or of
 * `undefined` when the rule only delays it.
 */
export function applyHttpFaults(c: Context<AppEnv>, tenant: Tenant, scenario: Scenario): Promise<Response | undefined> | undefined {
  // Most scenarios have no HTTP rule; then the request's facts (all its headers: a web Headers object under
  // Node) are not worth building. (A lazy getter in the facts' literal cost more: a new hidden class per request.)
  if (!scenario.rules.some(isHttpRule)) return undefined;
  const deps = c.get("deps");
  const facts = { endpoint: endpointOf(c), headers: c.req.header() };
  const decision = decideHttp(scenario.rules, facts, tenant.ruleUses, () => deps.ids.random());
  if (!decision) return undefined;
  c.set("rule", ruleLabel(scenario, decision.rule));
  return applyDecision(c, decision);
}

async function applyDecision(c: Context<AppEnv>, decision: HttpDecision): Promise<Response | undefined> {
  const { scheduler } = c.get("deps");
  if (decision.kind === "latency") {
    await scheduler.sleep(decision.delayMs, c.req.raw.signal);
    return undefined;
  }
  if (decision.kind === "reset") {
    // Drop the connection without a word, as a crashed upstream would; the client sees a reset.
    c.env?.incoming?.socket.destroy();
    return c.body(null, 500);
  }
  await scheduler.sleep(decision.delayMs, c.req.raw.signal);
  const body = decision.body === undefined ? { ...statusBody(decision.status, ""), requestId: c.get("requestId") } : decision.body;
  return c.json(body as object, decision.status as 500, decision.headers as Record<string, string> | undefined);
}

/**
 * The scenario's say over HTTP answers: request-rate limits (429 `rate_limit_exceeded` with `Retry-After`, on
 * the tenant's clock) and HTTP fault rules (answer with another status, drop the connection, or answer late).
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { globMatch } from "../../domain/glob.js";
import type { RateDecision } from "../../domain/rate-limit.js";
import { decideHttp, ruleLabel, type HttpDecision } from "../../scenarios/decide.js";
import { decideCounted } from "../../scenarios/rule-uses.js";
import { isHttpRule } from "../../scenarios/rules.schema.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { Tenant } from "../../tenants/tenant.js";
import { apiError, statusBody } from "../errors.js";

/** "METHOD /path", what rules and limits match on. */
export function endpointOf(c: Context): string {
  return `${c.req.method} ${c.req.path}`;
}

/**
 * 429 when a rate limit of the scenario is exceeded for this key. `undefined` when decided at once (always,
 * in memory); otherwise a promise that rejects with the 429.
 */
export function enforceRateLimits(c: Context<AppEnv>, tenant: Tenant, scenario: Scenario): Promise<void> | undefined {
  if (scenario.rateLimits.length === 0) return undefined;
  const endpoint = endpointOf(c);
  const limits = scenario.rateLimits.flatMap((limit, index) => {
    const globs = typeof limit.endpoint === "string" ? [limit.endpoint] : limit.endpoint;
    return globs.some((g) => globMatch(g, endpoint)) ? [{ limit, index }] : [];
  });
  // One after the other, as the first one exceeded refuses the request before the next is counted.
  const from = (i: number): Promise<void> | undefined => {
    const entry = limits[i];
    if (!entry) return undefined;
    // One window per limit rule (and scenario), so a rule covering several endpoints shares its budget.
    const decision = tenant.rateLimiter.hit(`${scenario.name}#${entry.index}`, tenant.now(), entry.limit.limit, entry.limit.windowMs);
    const check = (result: RateDecision) => {
      if (!result.allowed) {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        c.set("rule", `rateLimits[${entry.index}]`);
        throw apiError("rate_limit_exceeded", "", { headers: { "Retry-After": String(seconds) } });
      }
      return from(i + 1);
    };
    return decision instanceof Promise ? decision.then(check) : check(decision);
  };
  return from(0);
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
  const decided = decideCounted(tenant.ruleUses, scenario, (uses) => decideHttp(scenario.rules, facts, uses, () => deps.ids.random()));
  const answer = (decision: HttpDecision | undefined) => {
    if (!decision) return undefined;
    c.set("rule", ruleLabel(scenario, decision.rule));
    return applyDecision(c, decision);
  };
  return decided instanceof Promise ? decided.then(answer) : answer(decided);
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

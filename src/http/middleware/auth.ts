/**
 * API-key authentication and the per-request scenario. Applied per route, so unknown routes answer 404
 * whether or not a key is sent. After the key: which scenario is in force (the `x-mock-scenario` header, else
 * the key's override, else the server's), its request-rate limits, and its HTTP faults.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import type { Tenant } from "../../tenants/tenant.js";
import { asMiddleware, type Answer, type Step } from "../steps.js";
import { apiError } from "../errors.js";
import { applyHttpFaults, enforceRateLimits } from "./scenario-faults.js";
import { requestHeader } from "../request-header.js";

/** The header that carries the key. */
export const API_KEY_HEADER = "x-api-key";

/** The header that picks a named scenario for one request. */
export const SCENARIO_HEADER = "x-mock-scenario";

/**
 * Resolves `x-api-key` to its tenant (or one of the real API's two 401s), then the request's scenario. A step
 * (`steps.ts`): with the in-memory store it waits only when a scenario's HTTP fault applies; with Redis, for
 * the tenant's state (and the rate windows and rule counts, when the scenario has any).
 */
export const tenantStep: Step = (c, next) => {
  const deps = c.get("deps"); // c.get: the c.var getter copies every variable
  const key = requestHeader(c, API_KEY_HEADER);
  if (!key) throw apiError("missing_api_key");
  const resolved = deps.tenants.resolve(key);
  return resolved instanceof Promise ? resolved.then((tenant) => withTenant(c, tenant, next)) : withTenant(c, resolved, next);
};

function withTenant(c: Context<AppEnv>, tenant: Tenant | undefined, next: () => Answer): Answer {
  if (!tenant) throw apiError("invalid_api_key");
  const deps = c.get("deps");
  c.set("tenant", tenant);
  const named = requestHeader(c, SCENARIO_HEADER);
  const scenario = named ? deps.scenarios.named(named) : (tenant.scenarioOverride ?? deps.scenario());
  if (!scenario) throw apiError("unknown_scenario", `${named} (known: ${deps.scenarios.names().join(", ")})`);
  c.set("scenario", scenario);
  const limited = enforceRateLimits(c, tenant, scenario);
  if (limited) return limited.then(() => withFaults(c, tenant, next));
  return withFaults(c, tenant, next);
}

function withFaults(c: Context<AppEnv>, tenant: Tenant, next: () => Answer): Answer {
  const fault = applyHttpFaults(c, tenant, c.get("scenario"));
  return fault ? fault.then((answered) => answered ?? next()) : next();
}

/** {@link tenantStep} as Hono middleware, for routes that also run zod's validators. */
export const requireTenant = asMiddleware(tenantStep);

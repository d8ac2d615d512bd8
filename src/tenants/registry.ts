/**
 * All tenants of a running mock, created on first use from the scenario's key rules, and what changes every
 * tenant at once: the clock, the scenario in force, resets. Also the index that lets public, key-less URLs
 * (result files) find their owner. `memory-registry.ts` keeps them in this process; the Redis store keeps
 * them where every replica sees them.
 */
import type { Awaitable } from "../domain/awaitable.js";
import { globMatch } from "../domain/glob.js";
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from "../domain/plans.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { KeyTerms, Tenant } from "./tenant.js";

/**
 * Applies a scenario's key rules: for each property (acceptance and plan, secret, each limit) the first
 * matching rule that says anything about it decides, so one rule can give a plan and a later one a secret.
 * Unmatched keys get the default plan. Limits: the plan's, then the scenario's per-plan ones, then the key's.
 */
export function keyTerms(scenario: Scenario, apiKey: string, defaultWebhookSecret: string): KeyTerms {
  const matching = scenario.keys.filter((r) => globMatch(r.match, apiKey));
  const first = matching.find((r) => r.plan !== undefined || r.reject);
  const plan = first?.plan ?? scenario.defaultPlan;
  const limits: { -readonly [K in keyof PlanLimits]: PlanLimits[K] } = { ...DEFAULT_PLAN_LIMITS[plan] };
  limits.concurrency = scenario.limits.concurrency[plan] ?? limits.concurrency;
  limits.batchConcurrency = scenario.limits.batch.concurrency[plan] ?? limits.batchConcurrency;
  limits.maxAssetBytes = scenario.limits.assetBytes[plan] ?? limits.maxAssetBytes;
  for (const field of ["concurrency", "batchConcurrency", "maxGenerationSeconds", "maxAssetBytes"] as const) {
    const value = matching.find((r) => r.limits?.[field] !== undefined)?.limits?.[field];
    if (value !== undefined) limits[field] = value;
  }
  return {
    accepted: !first?.reject,
    plan,
    limits,
    webhookSecret: matching.find((r) => r.webhookSecret !== undefined)?.webhookSecret ?? defaultWebhookSecret,
  };
}

/** The tenants, by API key, wherever they are kept. */
export interface TenantRegistry {
  /**
   * The tenant of a key, created on first use, with its clock shift and scenario as they are now;
   * `undefined` when the scenario in force rejects the key.
   */
  resolve(apiKey: string): Awaitable<Tenant | undefined>;
  /** The tenant of a key if it has been used (as it is now), without creating it. */
  peek(apiKey: string): Awaitable<Tenant | undefined>;
  /** Brings what every tenant shares (the common clock shift, the scenario in force) up to date. */
  refresh(): Awaitable<void>;
  /** Every tenant's API key, sorted. */
  apiKeys(): Awaitable<string[]>;
  /** Number of tenants. */
  count(): Awaitable<number>;
  /** The owner of an asset or batch reachable by a public URL. */
  publicOwner(resourceId: string): Awaitable<Tenant | undefined>;
  /** The owner of a generation (for its public result URL). */
  generationOwner(generationId: string): Awaitable<Tenant | undefined>;
  /** Moves one key's clock forward by `ms`, or everyone's (without a tenant). */
  advance(tenant: Tenant | undefined, ms: number): Awaitable<void>;
  /**
   * Sets a key's own shift outright, for a key just made by an import: its clock starts at the snapshot's time,
   * even behind the mock's (nobody has seen this key's clock yet, so it never visibly goes back).
   */
  startClock(tenant: Tenant, shiftMs: number): Awaitable<void>;
  /**
   * Puts a scenario in force for one key (its key rules decide the key's plan again), or for everyone; `null`
   * drops the key's own, or goes back to the start-up scenario.
   */
  setScenario(tenant: Tenant | undefined, scenario: Scenario | null): Awaitable<void>;
  /**
   * Forgets one key's world (jobs, assets and their bytes, webhook log, queued webhooks, scenario), or every
   * key's (and the scenario in force goes back to the start-up one). Returns how many tenants were forgotten.
   */
  reset(apiKey?: string): Awaitable<number>;
}

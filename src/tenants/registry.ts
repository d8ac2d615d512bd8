/**
 * All tenants of a running mock, created on first use from the scenario's key rules. Also the index that lets
 * public, key-less URLs (result files) find their owner.
 */
import type { TenantTime } from "../domain/clock.js";
import { globMatch } from "../domain/glob.js";
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from "../domain/plans.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import { Tenant, type KeyTerms } from "./tenant.js";

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
  for (const field of ["concurrency", "batchConcurrency", "maxGenerationSeconds"] as const) {
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

/** The tenants, by API key. */
export class TenantRegistry {
  readonly #tenants = new Map<string, Tenant>();
  // Owner of each asset and batch (their files and results have public URLs), by id; see generationOwner.
  readonly #publicOwners = new Map<string, Tenant>();

  constructor(
    private readonly time: TenantTime,
    private readonly scenario: () => Scenario,
    /** Signs webhooks of keys the scenario gives no secret of their own. */
    private readonly defaultWebhookSecret: string,
  ) {}

  /** The tenant of a key, created on first use; `undefined` when the scenario in force rejects the key. */
  resolve(apiKey: string): Tenant | undefined {
    const existing = this.#tenants.get(apiKey);
    if (existing) return existing.rejected ? undefined : existing;
    const terms = keyTerms(this.scenario(), apiKey, this.defaultWebhookSecret);
    if (!terms.accepted) return undefined;
    const tenant = new Tenant(apiKey, terms, this.time);
    this.#tenants.set(apiKey, tenant);
    return tenant;
  }

  /** The tenant of a key, created if need be even when the scenario in force now refuses the key (a restart). */
  ensure(apiKey: string): Tenant {
    const existing = this.#tenants.get(apiKey);
    if (existing) return existing;
    const tenant = new Tenant(apiKey, keyTerms(this.scenario(), apiKey, this.defaultWebhookSecret), this.time);
    this.#tenants.set(apiKey, tenant);
    return tenant;
  }

  /**
   * Puts a scenario in force for one key (or, with no key, for every key without an override of its own):
   * its key rules decide the plan, limits and secret again; the keys' data stays.
   */
  applyScenario(scenario: Scenario, tenant?: Tenant): void {
    const targets = tenant ? [tenant] : [...this.#tenants.values()].filter((t) => !t.scenarioOverride);
    for (const target of targets) target.applyTerms(keyTerms(scenario, target.apiKey, this.defaultWebhookSecret));
  }

  /** The tenant of a key if it has been used. */
  peek(apiKey: string): Tenant | undefined {
    return this.#tenants.get(apiKey);
  }

  /** Every tenant. */
  all(): IterableIterator<Tenant> {
    return this.#tenants.values();
  }

  /** Number of tenants. */
  get size(): number {
    return this.#tenants.size;
  }

  /** Records who owns an asset or batch reachable by a public URL. */
  registerPublic(resourceId: string, tenant: Tenant): void {
    this.#publicOwners.set(resourceId, tenant);
  }

  /** The owner of an asset or batch reachable by a public URL. */
  publicOwner(resourceId: string): Tenant | undefined {
    return this.#publicOwners.get(resourceId);
  }

  /**
   * The owner of a generation (for its public result URL), asked of each tenant's store. Generations are not
   * indexed by the registry: every create would pay a set into a map of every generation (1 µs of its CPU), for
   * the sake of downloads, which are rare and can afford a lookup per tenant.
   */
  generationOwner(generationId: string): Tenant | undefined {
    for (const tenant of this.#tenants.values()) if (tenant.generations.get(generationId)) return tenant;
    return undefined;
  }

  /** Forgets one tenant (and its public URLs), or every tenant. Returns the tenants forgotten. */
  reset(apiKey?: string): Tenant[] {
    if (apiKey === undefined) {
      const removed = [...this.#tenants.values()];
      this.#tenants.clear();
      this.#publicOwners.clear();
      return removed;
    }
    const tenant = this.#tenants.get(apiKey);
    if (!tenant) return [];
    this.#tenants.delete(apiKey);
    for (const record of tenant.assets.all()) this.#publicOwners.delete(record.id);
    for (const record of tenant.batches.all()) this.#publicOwners.delete(record.id);
    return [tenant];
  }
}

/**
 * All tenants of a running mock, created on first use from the scenario's key rules. Also the index that lets
 * public, key-less URLs (result files) find their owner.
 */
import type { TenantTime } from "../domain/clock.js";
import { globMatch } from "../domain/glob.js";
import { DEFAULT_PLAN_LIMITS, type Plan } from "../domain/plans.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import { Tenant } from "./tenant.js";

/** How a key is treated by the scenario. */
export type KeyDecision =
  | { readonly accepted: true; readonly plan: Plan; readonly webhookSecret?: string | undefined }
  | { readonly accepted: false };

/**
 * Applies a scenario's key rules: the first matching rule that says anything about a property decides it
 * (so one rule can give a plan and a later one a webhook secret); unmatched keys get the default plan.
 */
export function decideKey(scenario: Scenario, apiKey: string): KeyDecision {
  const matching = scenario.keys.filter((r) => globMatch(r.match, apiKey));
  const first = matching.find((r) => r.plan !== undefined || r.reject);
  if (first?.reject) return { accepted: false };
  return {
    accepted: true,
    plan: first?.plan ?? scenario.defaultPlan,
    webhookSecret: matching.find((r) => r.webhookSecret !== undefined)?.webhookSecret,
  };
}

/** The tenants, by API key. */
export class TenantRegistry {
  readonly #tenants = new Map<string, Tenant>();
  // Owner of each resource that has a public URL (generation and batch results, asset files), by resource id.
  readonly #publicOwners = new Map<string, Tenant>();

  constructor(
    private readonly time: TenantTime,
    private readonly scenario: () => Scenario,
    /** Signs webhooks of keys the scenario gives no secret of their own. */
    private readonly defaultWebhookSecret: string,
  ) {}

  /** The tenant of a key, created on first use; `undefined` when the scenario rejects the key. */
  resolve(apiKey: string): Tenant | undefined {
    const existing = this.#tenants.get(apiKey);
    if (existing) return existing;
    const scenario = this.scenario();
    const decision = decideKey(scenario, apiKey);
    if (!decision.accepted) return undefined;
    const limits = { ...DEFAULT_PLAN_LIMITS[decision.plan] };
    const concurrency = scenario.limits.concurrency[decision.plan];
    if (concurrency !== undefined) limits.concurrency = concurrency;
    const batchConcurrency = scenario.limits.batch.concurrency[decision.plan];
    if (batchConcurrency !== undefined) limits.batchConcurrency = batchConcurrency;
    const tenant = new Tenant(apiKey, decision.plan, limits, decision.webhookSecret ?? this.defaultWebhookSecret, this.time);
    this.#tenants.set(apiKey, tenant);
    return tenant;
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

  /** Records who owns a resource reachable by a public URL. */
  registerPublic(resourceId: string, tenant: Tenant): void {
    this.#publicOwners.set(resourceId, tenant);
  }

  /** The owner of a resource reachable by a public URL. */
  publicOwner(resourceId: string): Tenant | undefined {
    return this.#publicOwners.get(resourceId);
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
    for (const record of tenant.generations.all()) this.#publicOwners.delete(record.id);
    for (const record of tenant.assets.all()) this.#publicOwners.delete(record.id);
    for (const record of tenant.batches.all()) this.#publicOwners.delete(record.id);
    return [tenant];
  }
}

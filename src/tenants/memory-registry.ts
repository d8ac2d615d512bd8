/**
 * The tenants of a mock that keeps its state in this process (the default store).
 */
import type { TenantTime } from "../domain/clock.js";
import { SlidingWindowLimiter } from "../domain/rate-limit.js";
import type { AssetFiles } from "../resources/assets/assets.files.js";
import { MemoryAssetStore } from "../resources/assets/assets.store.js";
import { MemoryBatchStore } from "../resources/batches/batches.store.js";
import { MemoryGenerationStore } from "../resources/generations/generations.store.js";
import type { Scenarios } from "../scenarios/active.js";
import { RuleCounter } from "../scenarios/rule-uses.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { Delivery } from "../webhooks/delivery.js";
import type { MemoryWebhookLog } from "../webhooks/webhook-log.js";
import { keyTerms, type TenantRegistry } from "./registry.js";
import { Tenant } from "./tenant.js";

/** The stores of a tenant kept in this process. */
export interface MemoryStores {
  readonly generations: MemoryGenerationStore;
  readonly assets: MemoryAssetStore;
  readonly batches: MemoryBatchStore;
  readonly ruleUses: RuleCounter;
  readonly rateLimiter: SlidingWindowLimiter;
}

/** A tenant kept in this process. */
export type MemoryTenant = Tenant<MemoryStores>;

/** What the registry works with besides its tenants. */
export interface MemoryRegistryWiring {
  readonly time: TenantTime;
  readonly scenarios: Scenarios;
  /** Signs webhooks of keys the scenario gives no secret of their own. */
  readonly defaultWebhookSecret: string;
  readonly webhookLog: MemoryWebhookLog;
  readonly files: AssetFiles;
  /** Queues webhooks. */
  enqueue(deliveries: readonly Delivery[]): void;
}

/** The tenants, by API key, in this process. */
export class MemoryTenantRegistry implements TenantRegistry {
  readonly #tenants = new Map<string, MemoryTenant>();
  // Owner of each asset and batch (their files and results have public URLs), by id; see generationOwner.
  readonly #publicOwners = new Map<string, MemoryTenant>();
  #epochs = 0;

  constructor(private readonly wiring: MemoryRegistryWiring) {}

  resolve(apiKey: string): MemoryTenant | undefined {
    const existing = this.#tenants.get(apiKey);
    if (existing) return existing.rejected ? undefined : existing;
    const terms = keyTerms(this.wiring.scenarios.active(), apiKey, this.wiring.defaultWebhookSecret);
    if (!terms.accepted) return undefined;
    return this.#create(apiKey);
  }

  /** The tenant of a key, created if need be even when the scenario in force now refuses the key (a restart). */
  ensure(apiKey: string): MemoryTenant {
    return this.#tenants.get(apiKey) ?? this.#create(apiKey);
  }

  #create(apiKey: string): MemoryTenant {
    const { time, scenarios, defaultWebhookSecret, enqueue } = this.wiring;
    const own = (resourceId: string) => this.#publicOwners.set(resourceId, tenant);
    const assets = new MemoryAssetStore({ owned: own, disowned: (resourceId) => this.#publicOwners.delete(resourceId) });
    const generations = new MemoryGenerationStore({ addAsset: (asset) => assets.add(asset), enqueue });
    const batches = new MemoryBatchStore({ addGeneration: (record) => generations.add(record), added: (record) => own(record.id), enqueue });
    const stores: MemoryStores = { generations, assets, batches, ruleUses: new RuleCounter(), rateLimiter: new SlidingWindowLimiter() };
    const tenant: MemoryTenant = new Tenant(apiKey, keyTerms(scenarios.active(), apiKey, defaultWebhookSecret), time, stores, ++this.#epochs);
    this.#tenants.set(apiKey, tenant);
    return tenant;
  }

  peek(apiKey: string): MemoryTenant | undefined {
    return this.#tenants.get(apiKey);
  }

  refresh(): void {
    // Everything is here already.
  }

  /** Every tenant. */
  all(): IterableIterator<MemoryTenant> {
    return this.#tenants.values();
  }

  apiKeys(): string[] {
    return [...this.#tenants.keys()].sort();
  }

  count(): number {
    return this.#tenants.size;
  }

  /** Records who owns an asset or batch reachable by a public URL (the state log's replay). */
  registerPublic(resourceId: string, tenant: MemoryTenant): void {
    this.#publicOwners.set(resourceId, tenant);
  }

  publicOwner(resourceId: string): MemoryTenant | undefined {
    return this.#publicOwners.get(resourceId);
  }

  /**
   * The owner of a generation (for its public result URL), asked of each tenant's store. Generations are not
   * indexed by the registry: every create would pay a set into a map of every generation (1 µs of its CPU), for
   * the sake of downloads, which are rare and can afford a lookup per tenant.
   */
  generationOwner(generationId: string): MemoryTenant | undefined {
    for (const tenant of this.#tenants.values()) if (tenant.generations.get(generationId)) return tenant;
    return undefined;
  }

  advance(tenant: MemoryTenant | undefined, ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
    if (tenant) tenant.shiftMs += ms;
    else this.wiring.time.advanceAll(ms);
  }

  startClock(tenant: MemoryTenant, shiftMs: number): void {
    tenant.shiftMs = shiftMs;
  }

  setScenario(tenant: MemoryTenant | undefined, scenario: Scenario | null): void {
    const { scenarios, defaultWebhookSecret } = this.wiring;
    if (tenant) {
      tenant.scenarioOverride = scenario ?? undefined;
      tenant.applyTerms(keyTerms(scenario ?? scenarios.active(), tenant.apiKey, defaultWebhookSecret));
      return;
    }
    if (scenario) scenarios.replace(scenario);
    else scenarios.restore();
    for (const target of this.#tenants.values()) {
      if (!target.scenarioOverride) target.applyTerms(keyTerms(scenarios.active(), target.apiKey, defaultWebhookSecret));
    }
  }

  reset(apiKey?: string): number {
    const removed = apiKey === undefined ? [...this.#tenants.values()] : [this.#tenants.get(apiKey)].filter((t) => t !== undefined);
    for (const tenant of removed) {
      this.#tenants.delete(tenant.apiKey);
      void this.wiring.files.remove(tenant.assets.all());
    }
    // Every id they owned: assets, batches, and upload ids reserved before their bytes came.
    const gone = new Set(removed);
    for (const [id, owner] of this.#publicOwners) if (gone.has(owner)) this.#publicOwners.delete(id);
    this.wiring.webhookLog.reset(apiKey);
    if (apiKey === undefined) this.wiring.scenarios.restore();
    return removed.length;
  }
}

/**
 * A tenant is an API key: it owns its generations, batches, assets, clock shift, limits, rule counts, rate
 * windows and scenario override. Keys are tenants from their first use, so a test that invents a fresh key is
 * isolated from every other test on the same server.
 */
import type { TenantTime } from "../domain/clock.js";
import type { Plan, PlanLimits } from "../domain/plans.js";
import type { RateLimiter } from "../domain/rate-limit.js";
import type { AssetStore } from "../resources/assets/assets.store.js";
import type { BatchStore } from "../resources/batches/batches.store.js";
import { PollAnswers } from "../resources/generations/generations.answers.js";
import type { GenerationStore } from "../resources/generations/generations.store.js";
import type { RuleUseStore } from "../scenarios/rule-uses.js";
import type { Scenario } from "../scenarios/scenario.schema.js";

/** What the scenario's key rules grant a key. */
export interface KeyTerms {
  /** False: every request with this key gets 401. */
  readonly accepted: boolean;
  readonly plan: Plan;
  readonly limits: PlanLimits;
  /** The secret that signs this key's webhooks. */
  readonly webhookSecret: string;
}

/** Where a tenant's state is kept: in this process, or in Redis. */
export interface TenantStores {
  readonly generations: GenerationStore;
  readonly assets: AssetStore;
  readonly batches: BatchStore;
  /** How often each `times`/`once` rule has applied to this key. */
  readonly ruleUses: RuleUseStore;
  /** Request-rate windows of this key. */
  readonly rateLimiter: RateLimiter;
}

/** One API key's world. */
export class Tenant<Stores extends TenantStores = TenantStores> {
  /**
   * How far this tenant's clock is ahead of everyone's, in ms; only grows. Moved by the registry (with the
   * Redis store, it is the shared shift as last read, brought up to date on every request that resolves the key).
   */
  shiftMs = 0;
  /**
   * A scenario put in force for this key alone (PUT /__mock/scenario with its x-api-key), as set by the registry.
   */
  scenarioOverride: Scenario | undefined;
  /** The last answer to a poll of each recently polled generation (kept in this process). */
  readonly pollAnswers = new PollAnswers();
  readonly generations: Stores["generations"];
  readonly assets: Stores["assets"];
  readonly batches: Stores["batches"];
  readonly ruleUses: Stores["ruleUses"];
  readonly rateLimiter: Stores["rateLimiter"];
  #terms: KeyTerms;

  constructor(
    readonly apiKey: string,
    terms: KeyTerms,
    private readonly time: TenantTime,
    stores: Stores,
    /** Which life of the key this is: a reset key comes back as a new tenant with another epoch. */
    readonly epoch: number,
  ) {
    this.#terms = terms;
    this.generations = stores.generations;
    this.assets = stores.assets;
    this.batches = stores.batches;
    this.ruleUses = stores.ruleUses;
    this.rateLimiter = stores.rateLimiter;
  }

  get plan(): Plan {
    return this.#terms.plan;
  }

  get limits(): PlanLimits {
    return this.#terms.limits;
  }

  get webhookSecret(): string {
    return this.#terms.webhookSecret;
  }

  /** Whether the key is refused (a scenario put in force after its first use may refuse it). */
  get rejected(): boolean {
    return !this.#terms.accepted;
  }

  /** The terms in force. */
  get terms(): KeyTerms {
    return this.#terms;
  }

  /** Applies new terms (when a scenario is put in force); the key's data stays. */
  applyTerms(terms: KeyTerms): void {
    this.#terms = terms;
  }

  /** This tenant's current time, in epoch ms. */
  now(): number {
    return this.time.now(this.shiftMs);
  }
}

/**
 * A tenant is an API key: it owns its generations, batches, assets, clock shift, limits, rule counts, rate
 * windows and scenario override. Keys are tenants from their first use, so a test that invents a fresh key is
 * isolated from every other test on the same server.
 */
import type { TenantTime } from "../domain/clock.js";
import type { Plan, PlanLimits } from "../domain/plans.js";
import { SlidingWindowLimiter } from "../domain/rate-limit.js";
import { AssetStore } from "../resources/assets/assets.store.js";
import { BatchStore } from "../resources/batches/batches.store.js";
import { PollAnswers } from "../resources/generations/generations.answers.js";
import { GenerationStore } from "../resources/generations/generations.store.js";
import { RuleCounter } from "../scenarios/decide.js";
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

/** One API key's world. */
export class Tenant {
  /** How far this tenant's clock is ahead of everyone's, in ms; only grows. */
  shiftMs = 0;
  readonly generations = new GenerationStore();
  /** The last answer to a poll of each recently polled generation. */
  readonly pollAnswers = new PollAnswers();
  readonly assets = new AssetStore();
  readonly batches = new BatchStore();
  /** How often each `times`/`once` rule has applied to this key. */
  readonly ruleUses = new RuleCounter();
  /** Request-rate windows of this key. */
  readonly rateLimiter = new SlidingWindowLimiter();
  /** A scenario put in force for this key alone (PUT /__mock/scenario with its x-api-key). */
  scenarioOverride: Scenario | undefined;
  #terms: KeyTerms;

  constructor(
    readonly apiKey: string,
    terms: KeyTerms,
    private readonly time: TenantTime,
  ) {
    this.#terms = terms;
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

  /** Applies new terms (when a scenario is put in force); the key's data stays. */
  applyTerms(terms: KeyTerms): void {
    this.#terms = terms;
  }

  /** This tenant's current time, in epoch ms. */
  now(): number {
    return this.time.now(this.shiftMs);
  }

  /** Moves this tenant's clock forward. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
    this.shiftMs += ms;
  }
}

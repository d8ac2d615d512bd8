/**
 * A tenant is an API key: it owns its generations, batches, assets, clock shift and limits. Keys are tenants
 * from their first use, so a test that invents a fresh key is isolated from every other test on the same server.
 */
import type { TenantTime } from "../domain/clock.js";
import type { Plan, PlanLimits } from "../domain/plans.js";
import { AssetStore } from "../resources/assets/assets.store.js";
import { BatchStore } from "../resources/batches/batches.store.js";
import { GenerationStore } from "../resources/generations/generations.store.js";

/** One API key's world. */
export class Tenant {
  /** How far this tenant's clock is ahead of everyone's, in ms; only grows. */
  shiftMs = 0;
  readonly generations = new GenerationStore();
  readonly assets = new AssetStore();
  readonly batches = new BatchStore();

  constructor(
    readonly apiKey: string,
    readonly plan: Plan,
    readonly limits: PlanLimits,
    /** The secret that signs this tenant's webhooks. */
    readonly webhookSecret: string,
    private readonly time: TenantTime,
  ) {}

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

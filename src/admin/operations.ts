/**
 * The admin plane's changes of state, shared by its handlers and by the replay of a state log: reset, moving
 * clocks, and putting scenarios in force. Each records itself in the state log (a no-op without --data-dir).
 */
import { rmSync } from "node:fs";
import type { AppDeps } from "../deps.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { Tenant } from "../tenants/tenant.js";

/** Forgets one key's world (jobs, assets and their files, journal, webhook log, scenario), or everything. */
export function resetState(deps: AppDeps, key?: string): Tenant[] {
  deps.recorder.record({ e: "reset", key });
  const removed = deps.tenants.reset(key);
  deps.webhookLog.reset(key);
  deps.journal.reset(key);
  if (key === undefined) {
    // A full reset is a fresh start: the start-up scenario, and its seed's sequence from the beginning.
    deps.scenarios.restore();
    deps.ids.reseed?.(deps.scenario().seed);
  }
  for (const tenant of removed) for (const asset of tenant.assets.all()) rmSync(asset.filePath, { force: true });
  return removed;
}

/** Moves one key's clock, or everyone's, forward by `ms` (the caller then runs what became due). */
export function shiftClock(deps: AppDeps, tenant: Tenant | undefined, ms: number): void {
  deps.recorder.record({ e: "shift", key: tenant?.apiKey, ms });
  if (tenant) tenant.advance(ms);
  else deps.time.advanceAll(ms);
  deps.scheduler.clockChanged();
}

/**
 * Puts a scenario in force for one key (its key rules decide the key's plan again), or for everyone; `null`
 * drops the key's own, or goes back to the start-up scenario.
 */
export function setScenario(deps: AppDeps, tenant: Tenant | undefined, scenario: Scenario | null): void {
  deps.recorder.record({ e: "scenario", key: tenant?.apiKey, scenario });
  if (tenant) {
    tenant.scenarioOverride = scenario ?? undefined;
    deps.tenants.applyScenario(scenario ?? deps.scenario(), tenant);
    return;
  }
  if (scenario) deps.scenarios.replace(scenario);
  else deps.scenarios.restore();
  deps.tenants.applyScenario(deps.scenario());
  deps.ids.reseed?.(deps.scenario().seed);
}

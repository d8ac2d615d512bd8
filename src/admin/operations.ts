/**
 * The admin plane's changes of state, shared by its handlers and by the replay of a state log: reset, moving
 * clocks, and putting scenarios in force. Each records itself in the state log (a no-op without --data-dir).
 * In memory they finish at once; with the Redis store they finish when Redis has them.
 */
import { andThen, type Awaitable } from "../domain/awaitable.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { AppDeps } from "../services.js";
import type { Tenant } from "../tenants/tenant.js";

/** Forgets one key's world (jobs, assets and their files, journal, webhook log, scenario), or everything. */
export function resetState(deps: AppDeps, key?: string): Awaitable<number> {
  deps.recorder.record({ e: "reset", key });
  return andThen(deps.tenants.reset(key), (removed) => {
    deps.journal.reset(key);
    deps.events.publish({ type: "reset", tenant: key ?? null });
    // A full reset is a fresh start: the start-up scenario (the registry restored it), and its seed's sequence
    // from the beginning.
    if (key === undefined) deps.ids.reseed?.(deps.scenario().seed);
    return removed;
  });
}

/** Moves one key's clock, or everyone's, forward by `ms` (the caller then runs what became due). */
export function shiftClock(deps: AppDeps, tenant: Tenant | undefined, ms: number): Awaitable<void> {
  deps.recorder.record({ e: "shift", key: tenant?.apiKey, ms });
  return andThen(deps.tenants.advance(tenant, ms), () => {
    deps.events.publish({ type: "clock", tenant: tenant?.apiKey ?? null, data: { ms } });
    return deps.queue.clockChanged();
  });
}

/**
 * Puts a scenario in force for one key (its key rules decide the key's plan again), or for everyone; `null`
 * drops the key's own, or goes back to the start-up scenario.
 */
export function setScenario(deps: AppDeps, tenant: Tenant | undefined, scenario: Scenario | null): Awaitable<void> {
  deps.recorder.record({ e: "scenario", key: tenant?.apiKey, scenario });
  return andThen(deps.tenants.setScenario(tenant, scenario), () => {
    deps.events.publish({ type: "scenario", tenant: tenant?.apiKey ?? null });
    if (!tenant) deps.ids.reseed?.(deps.scenario().seed);
  });
}

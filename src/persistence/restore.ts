/**
 * Rebuilding a mock from its state log (`--data-dir`): every event is applied again in order, without
 * recording, then the log takes new events, and webhooks that were due but never recorded (or whose retry
 * was pending) are queued again, so every acknowledged job continues its lifecycle after a restart. The
 * server starts this once the services are built; the state log is for the in-memory store only (Redis keeps
 * its own state).
 */
import { resetState, setScenario, shiftClock } from "../admin/operations.js";
import { andThen, isPromise, type Awaitable } from "../domain/awaitable.js";
import type { BatchRecord } from "../resources/batches/batches.store.js";
import { batchDelivery } from "../resources/batches/batches.service.js";
import { generationDelivery } from "../resources/generations/generations.lifecycle.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { AppDeps } from "../services.js";
import { MemoryTenantRegistry } from "../tenants/memory-registry.js";
import type { Tenant } from "../tenants/tenant.js";
import { deliveryId, type Delivery } from "../webhooks/delivery.js";
import { MemoryWebhookLog } from "../webhooks/webhook-log.js";
import { NO_RECORDER, type StateEvent } from "./events.js";

/** The in-memory parts a replay writes into. */
interface MemoryState {
  readonly tenants: MemoryTenantRegistry;
  readonly webhookLog: MemoryWebhookLog;
}

/** The in-memory stores of a mock (a state log is for the in-memory store only). */
function memoryState(deps: AppDeps): MemoryState {
  if (!(deps.tenants instanceof MemoryTenantRegistry) || !(deps.webhookLog instanceof MemoryWebhookLog)) {
    throw new Error("a state log can only be replayed into the in-memory store");
  }
  return { tenants: deps.tenants, webhookLog: deps.webhookLog };
}

/** The admin operations replayed; in memory they finish at once. */
function settled(result: unknown): void {
  if (isPromise(result)) throw new Error("a state log replay must not wait");
}

/** Applies one event to the mock's state (`generations`: those applied so far, by id, for later batches and polls). */
function applyEvent(deps: AppDeps, state: MemoryState, event: StateEvent, generations: Map<string, GenerationRecord>): void {
  const tenant = (key: string | undefined) => (key === undefined ? undefined : state.tenants.ensure(key));
  switch (event.e) {
    case "start":
      return;
    case "asset":
      tenant(event.key)!.assets.add(event.record);
      return;
    case "asset-removed":
      tenant(event.key)!.assets.remove(event.id);
      return;
    case "asset-reserved":
      tenant(event.key)!.assets.reserve(event.id);
      return;
    case "generation": {
      const owner = tenant(event.key)!;
      owner.generations.add(event.record);
      generations.set(event.record.id, event.record);
      return;
    }
    case "generation-removed":
      tenant(event.key)!.generations.remove(event.id);
      generations.delete(event.id);
      return;
    case "poll": {
      const steps = generations.get(event.id)?.timeline as Array<{ status: string; at: number }> | undefined;
      if (steps?.[event.step]) steps[event.step] = { status: steps[event.step]!.status, at: event.at };
      return;
    }
    case "batch": {
      const owner = tenant(event.key)!;
      const { items, itemsStartAt, failsAt, ...rest } = event.record;
      const restored = items.map(({ generationId, ...item }) => ({ ...item, generation: generations.get(generationId)! }));
      const record: BatchRecord = {
        ...rest,
        items: restored,
        timeline: { itemsStartAt, items: restored.map((i) => i.generation.timeline), failsAt },
      };
      owner.batches.add(record);
      state.tenants.registerPublic(record.id, owner);
      return;
    }
    case "webhook":
      state.webhookLog.record(event.attempt);
      return;
    case "shift":
      return settled(shiftClock(deps, tenant(event.key), event.ms));
    case "tenant-clock":
      // Deviation: a key's clock otherwise only moves forward; an imported key is new, so nobody saw it go back.
      return settled(state.tenants.startClock(tenant(event.key)!, event.shiftMs));
    case "scenario":
      return settled(setScenario(deps, tenant(event.key), event.scenario));
    case "reset":
      settled(resetState(deps, event.key));
      generations.clear();
      return;
  }
}

/**
 * Queues a job's webhook again unless its delivery is already settled in the log: the next retry if the last
 * attempt has one, nothing if it has none, the first attempt if there is none. Used by a restart and an import.
 */
export function resumeWebhook(deps: AppDeps, tenant: Pick<Tenant, "apiKey" | "epoch">, delivery: Delivery | undefined): Awaitable<void> {
  if (!delivery) return;
  return andThen(deps.webhookLog.list({ tenant: tenant.apiKey, jobId: delivery.jobId }), ([latest]) => {
    if (!latest) return deps.queue.enqueue([delivery]);
    if (latest.nextRetryAt === null) return;
    const attempt = latest.attempt + 1;
    const dueAt = Date.parse(latest.nextRetryAt);
    return deps.queue.enqueue([{ ...delivery, id: deliveryId(tenant.epoch, delivery.jobId, attempt), attempt, dueAt, delayed: true }]);
  });
}

/** Replays `events` into a fresh mock; returns how many were applied. */
export function restoreState(deps: AppDeps, events: readonly StateEvent[]): number {
  const state = memoryState(deps);
  const recorder = deps.recorder;
  deps.recorder = NO_RECORDER;
  const generations = new Map<string, GenerationRecord>();
  let idsPosition = 0;
  try {
    for (const event of events) {
      applyEvent(deps, state, event, generations);
      idsPosition = Math.max(idsPosition, (event as { p?: number }).p ?? 0);
    }
  } finally {
    deps.recorder = recorder;
  }
  // A seeded sequence goes on from where it was, so ids made after the restart are new ones.
  if (idsPosition > 0) deps.ids.skipTo?.(idsPosition);
  for (const tenant of state.tenants.all()) {
    for (const record of tenant.generations.all()) settled(resumeWebhook(deps, tenant, generationDelivery(tenant, record)));
    for (const record of tenant.batches.all()) settled(resumeWebhook(deps, tenant, batchDelivery(tenant, record)));
  }
  deps.queue.clockChanged();
  return events.length;
}

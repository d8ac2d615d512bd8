/**
 * Rebuilding a mock from its state log (`--data-dir`): every event is applied again in order, without
 * recording, then the log takes new events, and webhooks that were due but never recorded (or whose retry
 * was pending) are scheduled again, so every acknowledged job continues its lifecycle after a restart.
 */
import { resetState, setScenario, shiftClock } from "../admin/operations.js";
import type { AppDeps } from "../deps.js";
import type { BatchRecord } from "../resources/batches/batches.store.js";
import { batchNotification } from "../resources/batches/batches.service.js";
import { generationNotification } from "../resources/generations/generations.lifecycle.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { Tenant } from "../tenants/tenant.js";
import type { Notification } from "../webhooks/dispatcher.js";
import { NO_RECORDER, type StateEvent } from "./events.js";

/** Applies one event to the mock's state. */
function apply(deps: AppDeps, event: StateEvent, generations: Map<string, GenerationRecord>): void {
  const tenant = (key: string | undefined) => (key === undefined ? undefined : deps.tenants.ensure(key));
  switch (event.e) {
    case "start":
      return;
    case "asset": {
      const owner = tenant(event.key)!;
      owner.assets.add(event.record);
      deps.tenants.registerPublic(event.record.id, owner);
      return;
    }
    case "generation": {
      const owner = tenant(event.key)!;
      owner.generations.add(event.record);
      generations.set(event.record.id, event.record);
      return;
    }
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
      deps.tenants.registerPublic(record.id, owner);
      return;
    }
    case "webhook":
      deps.webhookLog.record(event.attempt);
      return;
    case "shift":
      shiftClock(deps, tenant(event.key), event.ms);
      return;
    case "scenario":
      setScenario(deps, tenant(event.key), event.scenario);
      return;
    case "reset":
      resetState(deps, event.key);
      generations.clear();
      return;
  }
}

/** Schedules a job's webhook again unless its delivery is already settled in the log. */
function resumeWebhook(deps: AppDeps, tenant: Tenant, notification: Notification | undefined): void {
  if (!notification) return;
  const [latest] = deps.webhookLog.list({ tenant: tenant.apiKey, jobId: notification.jobId });
  if (!latest) return deps.webhooks.notify(tenant, notification);
  if (latest.nextRetryAt !== null) deps.webhooks.resume(tenant, notification, latest.attempt + 1, Date.parse(latest.nextRetryAt));
}

/** Replays `events` into a fresh mock; returns how many were applied. */
export function restoreState(deps: AppDeps, events: readonly StateEvent[]): number {
  const recorder = deps.recorder;
  deps.recorder = NO_RECORDER;
  const generations = new Map<string, GenerationRecord>();
  let idsPosition = 0;
  try {
    for (const event of events) {
      apply(deps, event, generations);
      idsPosition = Math.max(idsPosition, (event as { p?: number }).p ?? 0);
    }
  } finally {
    deps.recorder = recorder;
  }
  // A seeded sequence goes on from where it was, so ids made after the restart are new ones.
  if (idsPosition > 0) deps.ids.skipTo?.(idsPosition);
  for (const tenant of deps.tenants.all()) {
    for (const record of tenant.generations.all()) resumeWebhook(deps, tenant, generationNotification(deps, tenant, record));
    for (const record of tenant.batches.all()) resumeWebhook(deps, tenant, batchNotification(deps, tenant, record));
  }
  deps.scheduler.clockChanged();
  return events.length;
}

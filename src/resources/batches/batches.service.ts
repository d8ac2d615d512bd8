/**
 * Creating a batch: the plan and running-batch checks, then every line as a generation of the tenant, created
 * in one go after the whole file has passed validation.
 */
import { batchStatusAt, batchTerminalAt } from "../../domain/batch-machine.js";
import { failureMessage } from "../../domain/outcome.js";
import { batchPendingMs } from "../../domain/timing.js";
import type { AppDeps } from "../../deps.js";
import { loggedBatch } from "../../persistence/events.js";
import { apiError } from "../../http/errors.js";
import type { Tenant } from "../../tenants/tenant.js";
import type { Notification } from "../../webhooks/dispatcher.js";
import { decideBatch, ruleLabel } from "../../scenarios/decide.js";
import { pollGeneration } from "../generations/generations.lifecycle.js";
import { createGeneration, type CreateContext } from "../generations/generations.service.js";
import { serializeBatchNotification } from "./batches.serialize.js";
import type { BatchItem, BatchRecord } from "./batches.store.js";
import type { ValidLine } from "./batches.validate.js";

/** 402 `plan_feature_unavailable` unless the tenant's plan includes the Batch API (Scale and Enterprise). */
export function requireBatchPlan(tenant: Tenant): void {
  if (!tenant.limits.batch) throw apiError("plan_feature_unavailable", tenant.plan);
}

/** 429 when the tenant already runs as many batches as its plan allows; `Retry-After` is when one ends. */
export function enforceBatchConcurrency(tenant: Tenant, now: number): void {
  const limit = tenant.limits.batchConcurrency;
  const { count, nextEndAt } = tenant.batches.running(now);
  if (count < limit) return;
  const retryAfterSeconds = Number.isFinite(nextEndAt) ? Math.max(1, Math.ceil((nextEndAt - now) / 1000)) : 60;
  // Deviation: the documented body ends after `message` (its tail is cut off in every copy); the mock adds
  // the counts its generation 429 carries.
  throw apiError("batch_concurrency_limit_reached", "", {
    extra: { activeBatches: count, concurrencyLimit: limit, retryAfterSeconds },
    headers: { "Retry-After": String(retryAfterSeconds) },
  });
}

/**
 * Creates a batch from validated lines: 429 over the plan's running batches, otherwise the batch and one
 * generation per line. The items wait out the batch's PENDING phase, then all run at once under the
 * scenario's generation rules, outside the per-generation concurrency limit. A batch rule of the scenario
 * may make the whole batch fail.
 */
export function createBatch(
  deps: AppDeps,
  tenant: Tenant,
  context: CreateContext,
  lines: readonly ValidLine[],
  webhookUrl: string | null,
): BatchRecord {
  const now = tenant.now();
  enforceBatchConcurrency(tenant, now);
  const { scenario } = context;

  // Deviation: the real id format is undocumented (`batch_abc123` in examples); the mock uses batch_<uuid>.
  const id = `batch_${deps.ids.uuid()}`;
  // Deviation: the real API queues items over up to 24 h and accepts only inputs up to 30 s; the mock starts
  // every item at once after the batch's PENDING time and applies the Generate API's own limits.
  const polled = scenario.timing.progression === "polls";
  const itemsStartAt = polled ? now : now + batchPendingMs(scenario.timing);
  // Every line passed these same rules a moment ago and nothing was awaited since, so no create below can
  // fail: the batch is stored whole or not at all.
  const items: BatchItem[] = lines.map((line) => ({
    lineNumber: line.lineNumber,
    requestId: line.requestId,
    endpoint: line.endpoint,
    payload: line.payload,
    generation: createGeneration(deps, tenant, line.dto, context, { batchId: id, startsAt: itemsStartAt, requestId: line.requestId }),
  }));
  const failRule = decideBatch(scenario.batchRules, { headers: context.headers, requestIds: lines.map((l) => l.requestId) }, tenant.ruleUses);
  const record: BatchRecord = {
    id,
    createdAt: now,
    webhookUrl,
    items,
    timeline: { itemsStartAt, items: items.map((item) => item.generation.timeline), failsAt: failRule ? itemsStartAt + failRule.fail.afterMs : null },
    failure: failRule ? { code: failRule.fail.code, message: failRule.fail.message ?? failureMessage(failRule.fail.code) } : null,
    rule: failRule ? ruleLabel(scenario, failRule) : null,
    webhookPolicy: scenario.webhooks,
    resultToken: deps.ids.uuid(),
  };
  deps.recorder.record({ e: "batch", key: tenant.apiKey, record: loggedBatch(record) });
  tenant.batches.add(record);
  deps.tenants.registerPublic(record.id, tenant);
  notifyBatchWhenDone(deps, tenant, record);
  return record;
}

/** The batch's webhook, once its end is known (undefined without a URL, or while an item has no end yet). */
export function batchNotification(deps: AppDeps, tenant: Tenant, record: BatchRecord): Notification | undefined {
  if (!record.webhookUrl) return undefined;
  const dueAt = batchTerminalAt(record.timeline);
  if (!Number.isFinite(dueAt)) return undefined; // an item is stuck, or poll-driven items are not done yet
  return {
    jobId: record.id,
    jobType: "batch",
    event: batchStatusAt(record.timeline, dueAt),
    url: record.webhookUrl,
    dueAt,
    policy: record.webhookPolicy,
    payload: () => serializeBatchNotification(record, tenant.now(), deps.publicUrl()),
  };
}

/** Registers the batch's webhook for the moment it ends, if it has a URL and its end is known. */
export function notifyBatchWhenDone(deps: AppDeps, tenant: Tenant, record: BatchRecord): void {
  const notification = batchNotification(deps, tenant, record);
  if (notification) deps.webhooks.notify(tenant, notification);
}

/** One read of a batch whose items are poll-driven: each unfinished item moves one state on. */
export function pollBatch(deps: AppDeps, tenant: Tenant, record: BatchRecord): void {
  const wasDone = Number.isFinite(batchTerminalAt(record.timeline));
  let moved = false;
  for (const item of record.items) moved = pollGeneration(deps, tenant, item.generation) || moved;
  if (moved && !wasDone) notifyBatchWhenDone(deps, tenant, record);
}

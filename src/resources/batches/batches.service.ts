/**
 * Creating a batch: the plan and running-batch checks, then every line as a generation of the tenant, stored
 * with the batch in one step after the whole file has passed validation.
 */
import { andThen, type Awaitable } from "../../domain/awaitable.js";
import { batchStatusAt, batchTerminalAt } from "../../domain/batch-machine.js";
import { failureMessage } from "../../domain/outcome.js";
import { batchPendingMs } from "../../domain/timing.js";
import { apiError, type ApiError } from "../../http/errors.js";
import { loggedBatch } from "../../persistence/events.js";
import { decideBatch, ruleLabel } from "../../scenarios/decide.js";
import { decideCounted } from "../../scenarios/rule-uses.js";
import type { AppDeps } from "../../services.js";
import type { Tenant } from "../../tenants/tenant.js";
import { deliveryId, type Delivery } from "../../webhooks/delivery.js";
import { generationDelivery, pollGenerations } from "../generations/generations.lifecycle.js";
import { prepareGeneration, type AssetLookup, type CreateContext } from "../generations/generations.service.js";
import type { InFlight } from "../generations/generations.store.js";
import type { BatchItem, BatchRecord } from "./batches.store.js";
import type { ValidLine } from "./batches.validate.js";

/** 402 `plan_feature_unavailable` unless the tenant's plan includes the Batch API (Scale and Enterprise). */
export function requireBatchPlan(tenant: Tenant): void {
  if (!tenant.limits.batch) throw apiError("plan_feature_unavailable", tenant.plan);
}

/** The 429 of a tenant that already runs as many batches as its plan allows; `Retry-After` is when one ends. */
function batchConcurrencyError(tenant: Tenant, now: number, { count, nextEndAt }: InFlight): ApiError {
  const limit = tenant.limits.batchConcurrency;
  const retryAfterSeconds = Number.isFinite(nextEndAt) ? Math.max(1, Math.ceil((nextEndAt - now) / 1000)) : 60;
  // Deviation: the documented body ends after `message` (its tail is cut off in every copy); the mock adds
  // the counts its generation 429 carries.
  return apiError("batch_concurrency_limit_reached", "", {
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
export async function createBatch(
  deps: AppDeps,
  tenant: Tenant,
  context: CreateContext,
  lines: readonly ValidLine[],
  webhookUrl: string | null,
  findAsset: AssetLookup,
): Promise<BatchRecord> {
  const now = tenant.now();
  const limit = tenant.limits.batchConcurrency;
  const running = await tenant.batches.running(now);
  if (running.count >= limit) throw batchConcurrencyError(tenant, now, running);
  const { scenario } = context;

  // Deviation: the real id format is undocumented (`batch_abc123` in examples); the mock uses batch_<uuid>.
  const id = `batch_${deps.ids.uuid()}`;
  // Deviation: the real API queues items over up to 24 h and accepts only inputs up to 30 s; the mock starts
  // every item at once after the batch's PENDING time and applies the Generate API's own limits.
  const polled = scenario.timing.progression === "polls";
  const itemsStartAt = polled ? now : now + batchPendingMs(scenario.timing);
  // Every line passed the same rules when the file was validated, so none of these can fail: the batch is
  // stored whole or not at all. One after the other, so ids and rule uses follow the file's order.
  const items: BatchItem[] = [];
  for (const line of lines) {
    const generation = await prepareGeneration(deps, tenant, line.dto, context, findAsset, { batchId: id, startsAt: itemsStartAt, requestId: line.requestId });
    items.push({ lineNumber: line.lineNumber, requestId: line.requestId, endpoint: line.endpoint, payload: line.payload, generation });
  }
  const facts = { headers: context.headers, requestIds: lines.map((l) => l.requestId) };
  const failed = await decideCounted(tenant.ruleUses, scenario, (uses) => {
    const rule = decideBatch(scenario.batchRules, facts, uses);
    return rule && { rule };
  });
  const failRule = failed?.rule;
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
  const deliveries = items.flatMap((item) => generationDelivery(tenant, item.generation) ?? []);
  const own = batchDelivery(tenant, record);
  if (own) deliveries.push(own);
  const admission = await tenant.batches.admit(record, { limit, now, deliveries });
  if (!admission.admitted) throw batchConcurrencyError(tenant, now, admission);
  for (const item of items) deps.recorder.record({ e: "generation", key: tenant.apiKey, record: item.generation });
  deps.recorder.record({ e: "batch", key: tenant.apiKey, record: loggedBatch(record) });
  return record;
}

/** The batch's webhook, once its end is known (undefined without a URL, or while an item has no end yet). */
export function batchDelivery(tenant: Pick<Tenant, "apiKey" | "epoch">, record: BatchRecord): Delivery | undefined {
  if (!record.webhookUrl) return undefined;
  const dueAt = batchTerminalAt(record.timeline);
  if (!Number.isFinite(dueAt)) return undefined; // an item is stuck, or poll-driven items are not done yet
  return {
    id: deliveryId(tenant.epoch, record.id, 1),
    tenant: tenant.apiKey,
    epoch: tenant.epoch,
    jobType: "batch",
    jobId: record.id,
    event: batchStatusAt(record.timeline, dueAt),
    url: record.webhookUrl,
    dueAt,
    attempt: 1,
    delayed: false,
  };
}

/** One read of a batch whose items are poll-driven: each unfinished item moves one state on. */
export function pollBatch(deps: AppDeps, tenant: Tenant, record: BatchRecord): Awaitable<void> {
  const wasDone = Number.isFinite(batchTerminalAt(record.timeline));
  return andThen(
    pollGenerations(
      deps,
      tenant,
      record.items.map((item) => item.generation),
    ),
    (moved) => {
      if (!moved || wasDone || !Number.isFinite(batchTerminalAt(record.timeline))) return;
      const delivery = batchDelivery(tenant, record);
      return tenant.batches.ended(record, delivery ? [delivery] : []);
    },
  );
}

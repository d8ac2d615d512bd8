/**
 * Batches as the API shows them (snake `created_at` and metrics, camel `webhookUrl`/`outputUrl`, facts §6.4),
 * and the result file, all read at the tenant's current time.
 */
import { batchCountsAt, batchStatusAt, itemStatusAt, TERMINAL_BATCH_STATUSES } from "../../domain/batch-machine.js";
import { isoTime } from "../../domain/clock.js";
import { terminalAt } from "../../domain/job-machine.js";
import { serializeGeneration } from "../generations/generations.serialize.js";
import type { BatchJson, BatchNotificationJson, BatchResultLineJson } from "./batches.schemas.js";
import type { BatchItem, BatchRecord } from "./batches.store.js";

/** The public URL of a batch's result file. */
export function batchResultUrl(publicUrl: string, record: BatchRecord): string {
  return `${publicUrl}/v2/batches/${record.id}/result?token=${record.resultToken}`;
}

/** Whether a batch is COMPLETED or FAILED at `now` (and so has a result file). */
export function isBatchTerminal(record: BatchRecord, now: number): boolean {
  return TERMINAL_BATCH_STATUSES.has(batchStatusAt(record.timeline, now));
}

/** The JSON of a batch at tenant time `now`. */
export function serializeBatch(record: BatchRecord, now: number, publicUrl: string): BatchJson {
  const counts = batchCountsAt(record.timeline, now);
  return {
    id: record.id,
    created_at: isoTime(record.createdAt),
    status: batchStatusAt(record.timeline, now),
    metrics: {
      total_generations: counts.total,
      success_count: counts.succeeded,
      failed_count: counts.failed,
      pending_count: counts.pending,
    },
    webhookUrl: record.webhookUrl,
    outputUrl: isBatchTerminal(record, now) ? batchResultUrl(publicUrl, record) : "",
  };
}

/**
 * One result line, in seed 001's shape and key order: COMPLETED items carry their generation in `response`
 * and `error: null`; FAILED and REJECTED ones carry `error` and `response: null`, as the seed's failed line
 * does. `updated_at` is when the item reached its final status.
 */
function resultLine(record: BatchRecord, item: BatchItem, index: number, now: number, publicUrl: string): BatchResultLineJson {
  const status = itemStatusAt(record.timeline, index, now);
  const { generation } = item;
  const failsAt = record.timeline.failsAt;
  // An item still unfinished when its batch failed ends with the batch, at the batch's failure time.
  const endedWithBatch = failsAt !== null && now >= failsAt && terminalAt(generation.timeline) > failsAt;
  const completed = status === "COMPLETED";
  return {
    request_id: item.requestId,
    endpoint: item.endpoint,
    payload: item.payload as Record<string, unknown>,
    status,
    error: completed ? null : lineError(record, item, endedWithBatch),
    response: completed ? serializeGeneration(generation, now, publicUrl) : null,
    updated_at: isoTime(endedWithBatch ? failsAt : Math.min(terminalAt(generation.timeline), now)),
  };
}

function lineError(record: BatchRecord, item: BatchItem, endedWithBatch: boolean): { code: string; message: string } {
  const outcome = item.generation.outcome;
  if (!endedWithBatch && outcome.status !== "COMPLETED") return { code: outcome.errorCode, message: outcome.error };
  return record.failure ?? { code: "generation_unknown_error", message: "The batch failed before this item finished." };
}

/** The result file: one JSON line per input line, in input order, each ending in a newline. */
export function batchResultFile(record: BatchRecord, now: number, publicUrl: string): string {
  return record.items.map((item, i) => `${JSON.stringify(resultLine(record, item, i, now, publicUrl))}\n`).join("");
}

/** The webhook payload of a batch at tenant time `now` (seed 001: camelCase keys and metrics, `options: {}`). */
export function serializeBatchNotification(record: BatchRecord, now: number, publicUrl: string): BatchNotificationJson {
  const batch = serializeBatch(record, now, publicUrl);
  return {
    id: batch.id,
    createdAt: batch.created_at,
    status: batch.status,
    webhookUrl: batch.webhookUrl,
    metrics: {
      totalGenerations: batch.metrics.total_generations,
      successCount: batch.metrics.success_count,
      failedCount: batch.metrics.failed_count,
      pendingCount: batch.metrics.pending_count,
    },
    options: {},
    outputUrl: batch.outputUrl,
  };
}

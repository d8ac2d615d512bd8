/**
 * The batch lifecycle, computed on read like a generation's (contract §10a): a batch stores when its own
 * PENDING phase ends and its items' timelines; its status and counts at any moment follow from those and the
 * clock. Nothing is pushed by timers, so every read at the same tenant time sees the same batch.
 *
 * PENDING until the items start → JOBS_CREATED until the first item leaves PENDING → PROCESSING until every
 * item is terminal → COMPLETED, whatever the items' outcomes. FAILED only when the batch fails as a whole.
 */
import { statusAt, terminalAt, TERMINAL_STATUSES, type GenerationStatus, type Timeline } from "./job-machine.js";

/** Every status the real API reports for a batch (TS SDK `BatchStatus`). */
export const BATCH_STATUSES = ["PENDING", "JOBS_CREATED", "PROCESSING", "COMPLETED", "FAILED"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Statuses after which a batch never changes and its result file is served. */
export const TERMINAL_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set(["COMPLETED", "FAILED"]);

/** What a batch's status depends on. */
export interface BatchTimeline {
  /** Tenant time at which the batch's own PENDING phase ends and its items begin their phases. */
  readonly itemsStartAt: number;
  /** The items' timelines, in input order. */
  readonly items: readonly Timeline[];
  /** Tenant time at which the whole batch fails (a scenario fault), or null when it does not. */
  readonly failsAt: number | null;
}

/** The counts of `BatchMetrics`, by the real API's meaning. */
export interface BatchCounts {
  readonly total: number;
  /** Items COMPLETED. */
  readonly succeeded: number;
  /** Items FAILED or REJECTED (contract §10a: REJECTED counts as failed). */
  readonly failed: number;
  /** Items PENDING or PROCESSING. */
  readonly pending: number;
}

/** When the first item leaves PENDING (`Infinity` if none ever does). */
export function firstItemStartAt(batch: BatchTimeline): number {
  let first = Number.POSITIVE_INFINITY;
  for (const timeline of batch.items) first = Math.min(first, timeline[1]?.at ?? Number.POSITIVE_INFINITY);
  return first;
}

/** When the last item becomes terminal (`Infinity` if one never does). */
export function itemsDoneAt(batch: BatchTimeline): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const timeline of batch.items) last = Math.max(last, terminalAt(timeline));
  return batch.items.length === 0 ? batch.itemsStartAt : last;
}

/** The tenant time at which the batch becomes terminal, or `Infinity` if it never does. */
export function batchTerminalAt(batch: BatchTimeline): number {
  return Math.min(batch.failsAt ?? Number.POSITIVE_INFINITY, itemsDoneAt(batch));
}

/** The status of a batch at tenant time `now`. */
export function batchStatusAt(batch: BatchTimeline, now: number): BatchStatus {
  if (batch.failsAt !== null && now >= batch.failsAt && batch.failsAt < itemsDoneAt(batch)) return "FAILED";
  if (now < batch.itemsStartAt) return "PENDING";
  if (now >= itemsDoneAt(batch)) return "COMPLETED";
  if (now < firstItemStartAt(batch)) return "JOBS_CREATED";
  return "PROCESSING";
}

/**
 * An item's status at `now` as the batch reports it: its generation's status, except that an item still
 * unfinished when its batch failed ends FAILED with the batch.
 */
export function itemStatusAt(batch: BatchTimeline, index: number, now: number): GenerationStatus {
  const timeline = batch.items[index]!;
  if (batch.failsAt !== null && now >= batch.failsAt) {
    const atFailure = statusAt(timeline, batch.failsAt);
    if (!TERMINAL_STATUSES.has(atFailure)) return "FAILED";
    return atFailure;
  }
  return statusAt(timeline, now);
}

/** The batch's counts at `now`; they always add up to `total`. */
export function batchCountsAt(batch: BatchTimeline, now: number): BatchCounts {
  let succeeded = 0;
  let failed = 0;
  for (let i = 0; i < batch.items.length; i++) {
    const status = itemStatusAt(batch, i, now);
    if (status === "COMPLETED") succeeded++;
    else if (status === "FAILED" || status === "REJECTED") failed++;
  }
  const total = batch.items.length;
  return { total, succeeded, failed, pending: total - succeeded - failed };
}

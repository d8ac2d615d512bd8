/**
 * A tenant's batches. The only code that adds them. Records never change after creation: a batch's status
 * and counts are read off its timeline and its items' generations, so reads need no locking.
 */
import { batchStatusAt, batchTerminalAt, TERMINAL_BATCH_STATUSES, type BatchStatus, type BatchTimeline } from "../../domain/batch-machine.js";
import type { WebhookPolicy } from "../../scenarios/scenario.schema.js";
import type { GenerationRecord } from "../generations/generations.store.js";

/** One line of the batch file, and the generation it became. */
export interface BatchItem {
  /** Line number in the uploaded file (1-based, blank lines counted). */
  readonly lineNumber: number;
  readonly requestId: string;
  readonly endpoint: string;
  /** The payload as sent, echoed in the result file. */
  readonly payload: unknown;
  readonly generation: GenerationRecord;
}

/** Why a batch failed as a whole (a scenario fault), echoed in its result lines. */
export interface BatchFailure {
  readonly code: string;
  readonly message: string;
}

/** A batch as stored. */
export interface BatchRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly webhookUrl: string | null;
  /** The items in input order. */
  readonly items: readonly BatchItem[];
  /** When the items start, their timelines, and when (if ever) the whole batch fails. */
  readonly timeline: BatchTimeline;
  /** Set when `timeline.failsAt` is. */
  readonly failure: BatchFailure | null;
  /** Label of the scenario batch rule that made it fail, if any. */
  readonly rule: string | null;
  /** How its webhook is delivered (the policy of the scenario it was created under). */
  readonly webhookPolicy: WebhookPolicy;
  /** Secret part of the public result URL. */
  readonly resultToken: string;
}

/** Filters of a list. */
export interface BatchListQuery {
  readonly statuses?: ReadonlySet<BatchStatus> | undefined;
  /** Keep batches created strictly after this tenant time. */
  readonly createdAfter?: number | undefined;
  /** Keep batches created strictly before this tenant time. */
  readonly createdBefore?: number | undefined;
}

/** Every batch of one tenant, in creation order. */
export class BatchStore {
  readonly #byId = new Map<string, BatchRecord>();
  readonly #ordered: BatchRecord[] = [];
  // Batches that may still be running and count toward the plan's batch limit; pruned when read.
  readonly #maybeRunning = new Set<BatchRecord>();

  /** Number of batches stored. */
  get size(): number {
    return this.#ordered.length;
  }

  /** Stores a new batch. */
  add(record: BatchRecord): void {
    this.#byId.set(record.id, record);
    this.#ordered.push(record);
    this.#maybeRunning.add(record);
  }

  /** The batch with this id, if this tenant has it. */
  get(id: string): BatchRecord | undefined {
    return this.#byId.get(id);
  }

  /** Batches not yet terminal at `now`, and the earliest time one of them ends (`Infinity` if none ever does). */
  running(now: number): { count: number; nextEndAt: number } {
    let nextEndAt = Number.POSITIVE_INFINITY;
    for (const record of this.#maybeRunning) {
      if (TERMINAL_BATCH_STATUSES.has(batchStatusAt(record.timeline, now))) {
        this.#maybeRunning.delete(record);
        continue;
      }
      nextEndAt = Math.min(nextEndAt, batchTerminalAt(record.timeline));
    }
    return { count: this.#maybeRunning.size, nextEndAt };
  }

  /** Batches newest first (creation order reversed, so ties on one clock tick keep their order), filtered. */
  list(query: BatchListQuery, now: number): BatchRecord[] {
    const out: BatchRecord[] = [];
    for (let i = this.#ordered.length - 1; i >= 0; i--) {
      const record = this.#ordered[i]!;
      if (query.createdAfter !== undefined && !(record.createdAt > query.createdAfter)) continue;
      if (query.createdBefore !== undefined && !(record.createdAt < query.createdBefore)) continue;
      if (query.statuses && !query.statuses.has(batchStatusAt(record.timeline, now))) continue;
      out.push(record);
    }
    return out;
  }

  /** Every batch, oldest first. */
  all(): readonly BatchRecord[] {
    return this.#ordered;
  }
}

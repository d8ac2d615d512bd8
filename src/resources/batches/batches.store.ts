/**
 * A tenant's batches: the store interface and its in-memory implementation, the only code that adds them.
 * Records never change after creation: a batch's status and counts are read off its timeline and its items'
 * generations, so reads need no locking. `batches.redis-store.ts` keeps them in Redis instead.
 */
import type { Awaitable } from "../../domain/awaitable.js";
import { batchStatusAt, batchTerminalAt, TERMINAL_BATCH_STATUSES, type BatchStatus, type BatchTimeline } from "../../domain/batch-machine.js";
import type { WebhookPolicy } from "../../scenarios/scenario.schema.js";
import type { Delivery } from "../../webhooks/delivery.js";
import type { Admission, GenerationRecord, InFlight, LimitedAdmission } from "../generations/generations.store.js";

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

/** What a new batch is stored with: the running-batch limit it must fit in, its webhook. */
export type BatchAdmission = LimitedAdmission;

/** A tenant's batches, wherever they are kept. */
export interface BatchStore {
  /** The batch with this id (its items' generations included), if this tenant has it. */
  get(id: string): Awaitable<BatchRecord | undefined>;
  /** Batches not yet terminal at `now`, and the earliest time one of them ends. */
  running(now: number): Awaitable<InFlight>;
  /**
   * Stores a batch and every item's generation together, unless `limit` batches are already running: checked
   * and stored in one step, however many requests (or replicas) race.
   */
  admit(record: BatchRecord, admission: BatchAdmission): Awaitable<Admission>;
  /** Batches newest first, filtered. */
  list(query: BatchListQuery, now: number): Awaitable<BatchRecord[]>;
  /** A poll-driven batch whose items have all ended: its end is known now, and its webhook (if any) is queued. */
  ended(record: BatchRecord, deliveries: readonly Delivery[]): Awaitable<void>;
}

/** What the in-memory store does besides keeping batches: the items' generations, the delivery queue. */
export interface MemoryBatchWiring {
  /** Stores a batch item's generation. */
  addGeneration(record: GenerationRecord): void;
  /** A batch was stored (its result file has a public URL). */
  added(record: BatchRecord): void;
  /** Queues webhooks. */
  enqueue(deliveries: readonly Delivery[]): void;
}

/** Every batch of one tenant, in creation order, in this process. */
export class MemoryBatchStore implements BatchStore {
  readonly #byId = new Map<string, BatchRecord>();
  readonly #ordered: BatchRecord[] = [];
  // Batches that may still be running and count toward the plan's batch limit; pruned when read.
  readonly #maybeRunning = new Set<BatchRecord>();

  constructor(private readonly wiring: MemoryBatchWiring = { addGeneration: () => undefined, added: () => undefined, enqueue: () => undefined }) {}

  /** Number of batches stored. */
  get size(): number {
    return this.#ordered.length;
  }

  admit(record: BatchRecord, admission: BatchAdmission): Admission {
    const running = this.running(admission.now);
    if (running.count >= admission.limit) return { admitted: false, ...running };
    for (const item of record.items) this.wiring.addGeneration(item.generation);
    this.add(record);
    this.wiring.added(record);
    this.wiring.enqueue(admission.deliveries);
    return { admitted: true };
  }

  ended(_record: BatchRecord, deliveries: readonly Delivery[]): void {
    // The running count reads the (shared, polled) timelines itself; only the webhook is left to queue.
    this.wiring.enqueue(deliveries);
  }

  /** Stores a batch as it is (its items' generations are stored apart: see admit, or the state log's replay). */
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
  running(now: number): InFlight {
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

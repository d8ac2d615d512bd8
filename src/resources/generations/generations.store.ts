/**
 * A tenant's generations. The only code that adds or removes them. Records never change after creation (their
 * status is read off the timeline), so reads need no locking and lists are cheap.
 */
import { ACTIVE_STATUSES, statusAt, terminalAt, type GenerationStatus, type Timeline } from "../../domain/job-machine.js";
import type { Outcome } from "../../domain/outcome.js";
import type { WebhookPolicy } from "../../scenarios/scenario.schema.js";

/** A generation as stored. */
export interface GenerationRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly model: string;
  /** The inputs as they will be echoed (uploads replaced by `assetId`). */
  readonly input: ReadonlyArray<Record<string, unknown>>;
  readonly options: Record<string, unknown> | null;
  readonly segments: ReadonlyArray<Record<string, unknown>> | null;
  readonly webhookUrl: string | null;
  readonly outputFileName: string | null;
  readonly projectId: string | null;
  /**
   * The planned states and when each begins. Fixed for time-driven jobs; a poll-driven job's future steps start
   * at Infinity and each read sets the next one to "now", in place (the one mutation a record ever sees).
   */
  readonly timeline: Timeline;
  readonly progression: "time" | "polls";
  readonly outcome: Outcome;
  /** Label of the scenario rule that scripted this generation, if any. */
  readonly rule: string | null;
  /** How its webhook is delivered (the policy of the scenario it was created under). */
  readonly webhookPolicy: WebhookPolicy;
  /** Secret part of the public result URL. */
  readonly resultToken: string;
  /** The batch this generation belongs to, if any (batch items skip the concurrency limit). */
  readonly batchId: string | null;
}

/** Filters and paging of a list. */
export interface ListQuery {
  readonly statuses?: ReadonlySet<GenerationStatus> | undefined;
  readonly ids?: ReadonlySet<string> | undefined;
  readonly limit?: number | undefined;
  /** Id of the last generation of the previous page. */
  readonly cursor?: string | undefined;
}

/** Thrown when a list cursor names no generation of this tenant. */
export class UnknownCursorError extends Error {}

/** Every generation of one tenant, in creation order. */
export class GenerationStore {
  readonly #byId = new Map<string, GenerationRecord>();
  readonly #ordered: GenerationRecord[] = [];
  readonly #position = new Map<string, number>();
  // Records that may still be PENDING or PROCESSING and count toward the concurrency limit; pruned when read.
  readonly #maybeActive = new Set<GenerationRecord>();

  /** Number of generations stored. */
  get size(): number {
    return this.#ordered.length;
  }

  /** Stores a new generation. Stand-alone ones (not batch items) count toward the concurrency limit. */
  add(record: GenerationRecord): void {
    this.#byId.set(record.id, record);
    this.#position.set(record.id, this.#ordered.length);
    this.#ordered.push(record);
    if (record.batchId === null) this.#maybeActive.add(record);
  }

  /** The generation with this id, if this tenant has it. */
  get(id: string): GenerationRecord | undefined {
    return this.#byId.get(id);
  }

  /**
   * Stand-alone generations still PENDING or PROCESSING at `now`, and the earliest time one of them ends
   * (`Infinity` if none ever does). Cost grows with the number in flight, not with the store.
   */
  active(now: number): { count: number; nextEndAt: number } {
    let nextEndAt = Number.POSITIVE_INFINITY;
    for (const record of this.#maybeActive) {
      if (!ACTIVE_STATUSES.has(statusAt(record.timeline, now))) {
        this.#maybeActive.delete(record);
        continue;
      }
      nextEndAt = Math.min(nextEndAt, terminalAt(record.timeline));
    }
    return { count: this.#maybeActive.size, nextEndAt };
  }

  /**
   * Generations newest first, filtered. With `limit`, returns at most that many after `cursor` and stops
   * scanning as soon as the page is full.
   */
  list(query: ListQuery, now: number): GenerationRecord[] {
    let start = this.#ordered.length - 1;
    if (query.cursor !== undefined) {
      const position = this.#position.get(query.cursor);
      if (position === undefined) throw new UnknownCursorError(query.cursor);
      start = position - 1;
    }
    const out: GenerationRecord[] = [];
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    if (query.ids && query.cursor === undefined && query.ids.size < 64) {
      // Few ids: look them up instead of scanning, then order newest first.
      for (const id of query.ids) {
        const record = this.#byId.get(id);
        if (record && matches(record, query, now)) out.push(record);
      }
      out.sort((a, b) => this.#position.get(b.id)! - this.#position.get(a.id)!);
      return out.slice(0, limit);
    }
    for (let i = start; i >= 0 && out.length < limit; i--) {
      const record = this.#ordered[i]!;
      if (matches(record, query, now)) out.push(record);
    }
    return out;
  }

  /** Every generation, oldest first. */
  all(): readonly GenerationRecord[] {
    return this.#ordered;
  }
}

function matches(record: GenerationRecord, query: ListQuery, now: number): boolean {
  if (query.ids && !query.ids.has(record.id)) return false;
  if (query.statuses && !query.statuses.has(statusAt(record.timeline, now))) return false;
  return true;
}

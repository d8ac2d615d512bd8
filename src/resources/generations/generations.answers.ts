/**
 * The text of a poll's answer, kept for the next poll. A client polls the same generation again and again until
 * it ends, and between two moves of its status the answer is the same bytes: a record never changes but for its
 * status, and without `include=progress` nothing else in its JSON depends on the time. Building and stringifying
 * the JSON was 1.8 µs of a poll's 27 µs of CPU; a kept answer costs a map lookup and a status check.
 */
import { statusAt, type GenerationStatus } from "../../domain/job-machine.js";
import { serializeGeneration } from "./generations.serialize.js";
import type { GenerationRecord } from "./generations.store.js";

interface KeptAnswer {
  readonly status: GenerationStatus;
  readonly publicUrl: string;
  readonly text: string;
}

/**
 * Answers kept for this many generations at most (per tenant), the least recently built dropped first. What is
 * polled again and again is a job in flight, and no plan lets a key have more than 50 of those at once; a
 * larger store of answers would only hold on to the text of jobs nobody waits for.
 */
export const KEPT_ANSWERS = 64;

/** The last answer built for each of a tenant's most recently polled generations. */
export class PollAnswers {
  // By id: a store in Redis reads a new record object each time; a tenant reset makes a new tenant (and map).
  readonly #kept = new Map<string, KeptAnswer>();

  constructor(private readonly capacity = KEPT_ANSWERS) {}

  /** `JSON.stringify(serializeGeneration(record, now, publicUrl))`, built again only when its status has moved. */
  text(record: GenerationRecord, now: number, publicUrl: string): string {
    const status = statusAt(record.timeline, now);
    const kept = this.#kept.get(record.id);
    if (kept !== undefined && kept.status === status && kept.publicUrl === publicUrl) return kept.text;
    const text = JSON.stringify(serializeGeneration(record, now, publicUrl));
    // Deleting first moves a rebuilt answer to the end of the map's order, so the oldest built is dropped.
    if (kept !== undefined) this.#kept.delete(record.id);
    else if (this.#kept.size >= this.capacity) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(record.id, { status, publicUrl, text });
    return text;
  }

  /** Whether an answer is kept for `record`. */
  has(record: GenerationRecord): boolean {
    return this.#kept.has(record.id);
  }

  /** Number of answers kept. */
  get size(): number {
    return this.#kept.size;
  }

  /** Forgets every kept answer (their generations are gone). */
  clear(): void {
    this.#kept.clear();
  }
}

/**
 * A tenant's generations: the store interface and its in-memory implementation, the only code that adds them.
 * Records never change after creation (their status is read off the timeline), but for the steps a poll moves
 * in a poll-driven job, so reads need no locking and lists are cheap. `generations.redis-store.ts` keeps them in
 * Redis instead, for replicas that share one state.
 */
import type { Awaitable } from "../../domain/awaitable.js";
import { ACTIVE_STATUSES, statusAt, terminalAt, type GenerationStatus, type Timeline, type TimelineStep } from "../../domain/job-machine.js";
import type { Outcome } from "../../domain/outcome.js";
import type { WebhookPolicy } from "../../scenarios/scenario.schema.js";
import type { Delivery } from "../../webhooks/delivery.js";
import type { AssetRecord } from "../assets/assets.store.js";

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

/** How many of a plan's slots are taken: jobs in flight, and when the first of them ends (`Infinity`: never). */
export interface InFlight {
  readonly count: number;
  readonly nextEndAt: number;
}

/** Whether a create was let in; when it was not, what filled the plan's slots. */
export type Admission = { readonly admitted: true } | ({ readonly admitted: false } & InFlight);

/** What a new job is stored with, in one step: the limit it must fit in, its webhook. */
export interface LimitedAdmission {
  /** Refused when this many jobs of its kind are already in flight at `now`. */
  readonly limit: number;
  readonly now: number;
  /** Its webhook, if it has one whose time is known. */
  readonly deliveries: readonly Delivery[];
}

/** What a new stand-alone generation is stored with: besides the limit and webhook, its uploads. */
export interface GenerationAdmission extends LimitedAdmission {
  /** Assets uploaded with the request, stored only with the generation. */
  readonly assets: readonly AssetRecord[];
}

/** A tenant's generations, wherever they are kept. */
export interface GenerationStore {
  /** The generation with this id, if this tenant has it. */
  get(id: string): Awaitable<GenerationRecord | undefined>;
  /** Stand-alone generations still PENDING or PROCESSING at `now`, and when the first of them ends. */
  active(now: number): Awaitable<InFlight>;
  /**
   * Stores a stand-alone generation, its uploads and its webhook together, unless the tenant already has
   * `limit` in flight: checked and stored in one step, however many requests (or replicas) race.
   */
  admit(record: GenerationRecord, admission: GenerationAdmission): Awaitable<Admission>;
  /** Generations newest first, filtered; with `limit`, at most that many after `cursor` (UnknownCursorError). */
  list(query: ListQuery, now: number): Awaitable<GenerationRecord[]>;
  /**
   * One read of each poll-driven generation: its next state begins at `now` (`records` are changed in place
   * too). `ends[i]` is queued when that move ends `records[i]`. Says which of them moved.
   */
  poll(records: readonly GenerationRecord[], now: number, ends: ReadonlyArray<Delivery | undefined>): Awaitable<boolean[]>;
  /**
   * Forgets a finished stand-alone generation (the caller checks that it is one: a finished job never runs
   * again, so the check cannot go stale). False when this tenant has no such generation.
   */
  remove(id: string): Awaitable<boolean>;
}

/** Moves a poll-driven timeline's next step to `now`, in place; false when there is none (ended, or held). */
export function movePolledStep(record: GenerationRecord, now: number): boolean {
  if (record.progression !== "polls") return false;
  const steps = record.timeline as TimelineStep[];
  const next = steps.findIndex((step) => step.at > now);
  if (next < 0) return false;
  steps[next] = { status: steps[next]!.status, at: now };
  return true;
}

/** What the in-memory store does besides keeping records: the tenant's assets, the delivery queue. */
export interface MemoryGenerationWiring {
  /** Stores an asset uploaded with a generation. */
  addAsset(asset: AssetRecord): void;
  /** Queues webhooks. */
  enqueue(deliveries: readonly Delivery[]): void;
}

/** Every generation of one tenant, in creation order, in this process. */
export class MemoryGenerationStore implements GenerationStore {
  // A removed generation leaves a hole (undefined), so the positions of the others stay valid.
  readonly #ordered: Array<GenerationRecord | undefined> = [];
  // Where each id is in #ordered: one map serves lookups and list cursors. A second one (id -> record) cost
  // every create a set into a map as large as the store, and its memory.
  readonly #position = new Map<string, number>();
  // Stand-alone records that may still be PENDING or PROCESSING (they count toward the concurrency limit),
  // as a min-heap on the time each ends, pruned from the top when read. A scan of every record in flight made
  // each create O(in flight): 1,431 creates/s after 5 s of load with a high limit, falling as the store grew.
  readonly #inFlight = new EndTimeHeap();
  // Poll-driven records end when a read moves them on, not at a time known in advance: kept apart and checked.
  readonly #polledInFlight = new Set<GenerationRecord>();

  constructor(private readonly wiring: MemoryGenerationWiring = { addAsset: () => undefined, enqueue: () => undefined }) {}

  /** Number of generations stored. */
  get size(): number {
    return this.#position.size;
  }

  admit(record: GenerationRecord, admission: GenerationAdmission): Admission {
    const inFlight = this.active(admission.now);
    if (inFlight.count >= admission.limit) return { admitted: false, ...inFlight };
    for (const asset of admission.assets) this.wiring.addAsset(asset);
    this.add(record);
    this.wiring.enqueue(admission.deliveries);
    return { admitted: true };
  }

  poll(records: readonly GenerationRecord[], now: number, ends: ReadonlyArray<Delivery | undefined>): boolean[] {
    return records.map((record, i) => {
      if (!movePolledStep(record, now)) return false;
      const end = ends[i];
      if (end && !ACTIVE_STATUSES.has(statusAt(record.timeline, now))) this.wiring.enqueue([end]);
      return true;
    });
  }

  /** Stores a new generation as it is (a batch item, or one restored from the state log). Stand-alone ones count toward the concurrency limit. */
  add(record: GenerationRecord): void {
    this.#position.set(record.id, this.#ordered.length);
    this.#ordered.push(record);
    if (record.batchId !== null) return;
    if (record.progression === "polls") this.#polledInFlight.add(record);
    else this.#inFlight.push(terminalAt(record.timeline));
  }

  /** The generation with this id, if this tenant has it. */
  get(id: string): GenerationRecord | undefined {
    const position = this.#position.get(id);
    return position === undefined ? undefined : this.#ordered[position];
  }

  remove(id: string): boolean {
    const position = this.#position.get(id);
    if (position === undefined) return false;
    this.#position.delete(id);
    this.#ordered[position] = undefined;
    return true;
  }

  /**
   * Stand-alone generations still PENDING or PROCESSING at `now`, and the earliest time one of them ends
   * (`Infinity` if none ever does). Cost grows with the number in flight, not with the store.
   */
  active(now: number): { count: number; nextEndAt: number } {
    // A job is PENDING or PROCESSING exactly until it reaches its terminal step (statusAt), and tenant time
    // only moves forward, so whatever has ended is at the top of the heap and never comes back.
    while (this.#inFlight.size > 0 && this.#inFlight.min <= now) this.#inFlight.pop();
    for (const record of this.#polledInFlight) if (!ACTIVE_STATUSES.has(statusAt(record.timeline, now))) this.#polledInFlight.delete(record);
    const count = this.#inFlight.size + this.#polledInFlight.size;
    return { count, nextEndAt: this.#inFlight.size > 0 ? this.#inFlight.min : Number.POSITIVE_INFINITY };
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
        const record = this.get(id);
        if (record && matches(record, query, now)) out.push(record);
      }
      out.sort((a, b) => this.#position.get(b.id)! - this.#position.get(a.id)!);
      return out.slice(0, limit);
    }
    for (let i = start; i >= 0 && out.length < limit; i--) {
      const record = this.#ordered[i];
      if (record && matches(record, query, now)) out.push(record);
    }
    return out;
  }

  /** Every generation, oldest first. */
  all(): GenerationRecord[] {
    return this.#ordered.filter((record) => record !== undefined);
  }
}

function matches(record: GenerationRecord, query: ListQuery, now: number): boolean {
  if (query.ids && !query.ids.has(record.id)) return false;
  if (query.statuses && !query.statuses.has(statusAt(record.timeline, now))) return false;
  return true;
}

/** A binary min-heap of end times (`Infinity` for jobs held for good): O(log n) to add or remove the earliest. */
class EndTimeHeap {
  readonly #items: number[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** The earliest end time; only valid when `size > 0`. */
  get min(): number {
    return this.#items[0]!;
  }

  push(value: number): void {
    const items = this.#items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): void {
    const items = this.#items;
    const last = items.pop()!;
    if (items.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const child = left + 1 < items.length && items[left + 1]! < items[left]! ? left + 1 : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
  }
}

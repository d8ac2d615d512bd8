/**
 * A tenant's generations in Redis, shared by every replica (key layout: `store/redis/keys.ts`). A create is
 * checked against the plan's concurrency and stored in one script; a poll-driven job's timeline is kept apart
 * from its record and moved by a script, so two replicas polling it at once each move it one step.
 */
import { decodeRecord, encodeRecord } from "../../domain/json-infinity.js";
import { statusAt, terminalAt } from "../../domain/job-machine.js";
import { decodeTimeline, deliveryArgs, encodeTimeline, limitArg } from "../../store/redis/args.js";
import type { RedisConnection } from "../../store/redis/connection.js";
import { parseScore, RedisKeys, scoreOf } from "../../store/redis/keys.js";
import type { Delivery } from "../../webhooks/delivery.js";
import type { Admission, GenerationAdmission, GenerationRecord, GenerationStore, InFlight, ListQuery } from "./generations.store.js";
import { UnknownCursorError } from "./generations.store.js";

/** Which tenant life a store belongs to. */
export interface RedisTenantRef {
  readonly conn: RedisConnection;
  readonly keys: RedisKeys;
  readonly apiKey: string;
  readonly epoch: number;
}

// Time-driven records never change once stored, so each replica keeps the last ones it read.
const CACHED_RECORDS = 1_024;
// Records read per round trip while a filtered list fills its page.
const LIST_CHUNK = 200;

/** What a script answers for an admission. */
export function admissionOf(reply: Array<number | string>): Admission {
  if (reply[0] === 0) return { admitted: false, count: Number(reply[1]), nextEndAt: parseScore(String(reply[2])) };
  // -1: the tenant was reset while the request ran; like a create on a tenant just replaced in memory, it is lost.
  return { admitted: true };
}

/** A stored record as JSON for the scripts (a poll-driven one's timeline travels apart). */
export function recordArgs(record: GenerationRecord): [string, string] {
  return [encodeRecord(record), record.progression === "polls" ? encodeTimeline(record.timeline) : ""];
}

/** A record from its JSON and, for a poll-driven one, its timeline as it is now. */
export function recordFrom(json: string, timeline: string | null | undefined): GenerationRecord {
  const record = decodeRecord<GenerationRecord>(json);
  return timeline ? { ...record, timeline: decodeTimeline(timeline) } : record;
}

/** The jobs of a sorted set by end time that are still in flight at `now`, and the first end among them. */
export async function inFlightIn(ref: RedisTenantRef, key: string, now: number): Promise<InFlight> {
  const { redis } = ref.conn;
  const [count, first] = await Promise.all([redis.zcount(key, `(${now}`, "+inf"), redis.zrangebyscore(key, `(${now}`, "+inf", "WITHSCORES", "LIMIT", 0, 1)]);
  return { count, nextEndAt: parseScore(first[1]) };
}

/** One tenant's generations in Redis. */
export class RedisGenerationStore implements GenerationStore {
  readonly #cache = new Map<string, GenerationRecord>();
  // How many generations of this tenant had been removed (by any replica) when the cache was last checked.
  #removals = "0";

  constructor(private readonly ref: RedisTenantRef) {}

  #key(suffix: string): string {
    return this.ref.keys.epoch(this.ref.epoch, suffix);
  }

  async get(id: string): Promise<GenerationRecord | undefined> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const { redis } = this.ref.conn;
    const [json, timeline] = await Promise.all([redis.hget(this.#key("g"), id), redis.hget(this.#key("gt"), id)]);
    if (json === null) return undefined;
    const record = recordFrom(json, timeline);
    this.#remember(record);
    return record;
  }

  #remember(record: GenerationRecord): void {
    if (record.progression !== "time") return;
    if (this.#cache.size >= CACHED_RECORDS) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(record.id, record);
  }

  async #getMany(ids: readonly string[]): Promise<GenerationRecord[]> {
    if (ids.length === 0) return [];
    const { redis } = this.ref.conn;
    const [records, timelines] = await Promise.all([redis.hmget(this.#key("g"), ...ids), redis.hmget(this.#key("gt"), ...ids)]);
    const out: GenerationRecord[] = [];
    records.forEach((json, i) => {
      if (json !== null) out.push(recordFrom(json, timelines[i]));
    });
    return out;
  }

  active(now: number): Promise<InFlight> {
    return inFlightIn(this.ref, this.#key("gi"), now);
  }

  async admit(record: GenerationRecord, admission: GenerationAdmission): Promise<Admission> {
    const standalone = record.batchId === null;
    const assets = admission.assets.flatMap((asset) => [asset.id, JSON.stringify(asset)]);
    const end = record.progression === "polls" ? Number.POSITIVE_INFINITY : terminalAt(record.timeline);
    const reply = await this.ref.conn.script<Array<number | string>>(
      "smAdmitGeneration",
      this.ref.apiKey,
      this.ref.epoch,
      admission.now,
      limitArg(admission.limit),
      standalone ? "1" : "0",
      record.id,
      ...recordArgs(record),
      scoreOf(end),
      admission.assets.length,
      ...assets,
      ...deliveryArgs(admission.deliveries),
    );
    return admissionOf(reply);
  }

  async list(query: ListQuery, now: number): Promise<GenerationRecord[]> {
    const { redis } = this.ref.conn;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const keep = (record: GenerationRecord) => !query.statuses || query.statuses.has(statusAt(record.timeline, now));
    if (query.ids && query.cursor === undefined && query.ids.size < 64) {
      const ids = [...query.ids];
      const [records, scores] = await Promise.all([this.#getMany(ids), redis.zmscore(this.#key("gs"), ...ids)]);
      const order = new Map(ids.map((id, i) => [id, Number(scores[i] ?? 0)]));
      return records
        .filter(keep)
        .sort((a, b) => order.get(b.id)! - order.get(a.id)!)
        .slice(0, limit);
    }
    let max = "+inf";
    if (query.cursor !== undefined) {
      const score = await redis.zscore(this.#key("gs"), query.cursor);
      if (score === null) throw new UnknownCursorError(query.cursor);
      max = `(${score}`;
    }
    const out: GenerationRecord[] = [];
    for (let offset = 0; out.length < limit; offset += LIST_CHUNK) {
      const ids = await redis.zrevrangebyscore(this.#key("gs"), max, "-inf", "LIMIT", offset, LIST_CHUNK);
      for (const record of await this.#getMany(ids)) {
        if (out.length >= limit) break;
        if ((!query.ids || query.ids.has(record.id)) && keep(record)) out.push(record);
      }
      if (ids.length < LIST_CHUNK) break;
    }
    return out;
  }

  async remove(id: string): Promise<boolean> {
    this.#cache.delete(id);
    const removed = await this.ref.conn.script<number>("smRemoveGeneration", this.ref.apiKey, this.ref.epoch, id);
    return removed === 1;
  }

  /**
   * Drops the cached records when the tenant's count of removals (read with every request's tenant) moved: a
   * record removed on another replica must not be answered from this one's cache.
   */
  syncRemovals(removals: string): void {
    if (removals === this.#removals) return;
    this.#removals = removals;
    this.#cache.clear();
  }

  async poll(records: readonly GenerationRecord[], now: number, ends: ReadonlyArray<Delivery | undefined>): Promise<boolean[]> {
    const args: Array<string | number> = [];
    records.forEach((record, i) => {
      const end = ends[i];
      args.push(record.id, record.batchId === null ? "1" : "0", end?.id ?? "", end?.dueAt ?? "", end ? JSON.stringify(end) : "");
    });
    const reply = await this.ref.conn.script<Array<number | string>>("smPoll", this.ref.apiKey, this.ref.epoch, now, records.length, ...args);
    return records.map((record, i) => {
      // The timeline as Redis has it now (this replica's copy may be behind another's polls): changed in place.
      const timeline = reply[i * 2 + 1];
      if (timeline) (record.timeline as unknown[]).splice(0, record.timeline.length, ...decodeTimeline(String(timeline)));
      return reply[i * 2] === 1;
    });
  }
}

/**
 * A tenant's batches in Redis, shared by every replica. A batch is stored without its items' generations (they
 * are generations of the tenant like any other, in the generation hash); a read puts them back, with their
 * timelines as Redis has them now, in one script.
 */
import { batchStatusAt, batchTerminalAt } from "../../domain/batch-machine.js";
import { decodeRecord, encodeRecord } from "../../domain/json-infinity.js";
import { deliveryArgs, limitArg } from "../../store/redis/args.js";
import { scoreOf } from "../../store/redis/keys.js";
import type { Delivery } from "../../webhooks/delivery.js";
import { admissionOf, inFlightIn, recordArgs, recordFrom, type RedisTenantRef } from "../generations/generations.redis-store.js";
import type { Admission, GenerationRecord, InFlight } from "../generations/generations.store.js";
import type { BatchAdmission, BatchItem, BatchListQuery, BatchRecord, BatchStore } from "./batches.store.js";

/** A batch as stored: its items without their generations, its timeline without theirs. */
type StoredBatch = Omit<BatchRecord, "items" | "timeline"> & {
  readonly items: ReadonlyArray<Omit<BatchItem, "generation">>;
  readonly timeline: Omit<BatchRecord["timeline"], "items">;
};

function stored(record: BatchRecord): StoredBatch {
  return {
    ...record,
    items: record.items.map(({ generation: _generation, ...item }) => item),
    timeline: { itemsStartAt: record.timeline.itemsStartAt, failsAt: record.timeline.failsAt },
  };
}

/** One tenant's batches in Redis. */
export class RedisBatchStore implements BatchStore {
  constructor(private readonly ref: RedisTenantRef) {}

  #key(suffix: string): string {
    return this.ref.keys.epoch(this.ref.epoch, suffix);
  }

  async get(id: string): Promise<BatchRecord | undefined> {
    const reply = await this.ref.conn.script<string[] | null>("smGetBatch", this.ref.epoch, id);
    if (!reply) return undefined;
    const batch = decodeRecord<StoredBatch>(reply[0]!);
    const count = batch.items.length;
    const generations: GenerationRecord[] = [];
    for (let i = 0; i < count; i++) generations.push(recordFrom(reply[2 + i]!, reply[2 + count + i]));
    // The batch's timeline holds the same arrays as its items' generations, as in memory: a poll that moves an
    // item moves the batch.
    return {
      ...batch,
      items: batch.items.map((item, i) => ({ ...item, generation: generations[i]! })),
      timeline: { ...batch.timeline, items: generations.map((g) => g.timeline) },
    };
  }

  running(now: number): Promise<InFlight> {
    return inFlightIn(this.ref, this.#key("br"), now);
  }

  async admit(record: BatchRecord, admission: BatchAdmission): Promise<Admission> {
    const items = record.items.flatMap((item) => [item.generation.id, ...recordArgs(item.generation)]);
    const reply = await this.ref.conn.script<Array<number | string>>(
      "smAdmitBatch",
      this.ref.apiKey,
      this.ref.epoch,
      admission.now,
      limitArg(admission.limit),
      record.id,
      encodeRecord(stored(record)),
      record.items.map((item) => item.generation.id).join(","),
      scoreOf(batchTerminalAt(record.timeline)),
      record.items.length,
      ...items,
      ...deliveryArgs(admission.deliveries),
    );
    return admissionOf(reply);
  }

  async list(query: BatchListQuery, now: number): Promise<BatchRecord[]> {
    const ids = await this.ref.conn.redis.zrevrange(this.#key("bs"), 0, -1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter(
      (record): record is BatchRecord =>
        record !== undefined &&
        (query.createdAfter === undefined || record.createdAt > query.createdAfter) &&
        (query.createdBefore === undefined || record.createdAt < query.createdBefore) &&
        (!query.statuses || query.statuses.has(batchStatusAt(record.timeline, now))),
    );
  }

  async ended(record: BatchRecord, deliveries: readonly Delivery[]): Promise<void> {
    await this.ref.conn.script("smBatchEnded", this.ref.apiKey, this.ref.epoch, record.id, scoreOf(batchTerminalAt(record.timeline)), ...deliveryArgs(deliveries));
  }
}

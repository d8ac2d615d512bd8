/**
 * A tenant's assets in Redis (their records; the bytes are kept by `assets.redis-files.ts`). Uploads of a
 * generation are stored with it by its admission script; the others, and changes, by the asset scripts.
 */
import type { RedisTenantRef } from "../generations/generations.redis-store.js";
import type { AssetRecord, AssetStore } from "./assets.store.js";

/** One tenant's assets in Redis. */
export class RedisAssetStore implements AssetStore {
  constructor(private readonly ref: RedisTenantRef) {}

  #key(suffix: string): string {
    return this.ref.keys.epoch(this.ref.epoch, suffix);
  }

  async get(id: string): Promise<AssetRecord | undefined> {
    const json = await this.ref.conn.redis.hget(this.#key("a"), id);
    return json === null ? undefined : (JSON.parse(json) as AssetRecord);
  }

  async getMany(ids: readonly string[]): Promise<ReadonlyMap<string, AssetRecord>> {
    const found = new Map<string, AssetRecord>();
    if (ids.length === 0) return found;
    const records = await this.ref.conn.redis.hmget(this.#key("a"), ...ids);
    records.forEach((json, i) => {
      if (json !== null) found.set(ids[i]!, JSON.parse(json) as AssetRecord);
    });
    return found;
  }

  async all(): Promise<readonly AssetRecord[]> {
    const ids = await this.ref.conn.redis.zrange(this.#key("as"), 0, -1);
    const found = await this.getMany(ids);
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  count(): Promise<number> {
    return this.ref.conn.redis.hlen(this.#key("a"));
  }

  async add(record: AssetRecord): Promise<boolean> {
    return (await this.ref.conn.script<number>("smPutAsset", this.ref.apiKey, this.ref.epoch, "add", record.id, JSON.stringify(record))) === 1;
  }

  async update(record: AssetRecord): Promise<boolean> {
    return (await this.ref.conn.script<number>("smPutAsset", this.ref.apiKey, this.ref.epoch, "update", record.id, JSON.stringify(record))) === 1;
  }

  async remove(id: string): Promise<AssetRecord | undefined> {
    const json = await this.ref.conn.script<string | null>("smRemoveAsset", this.ref.epoch, id);
    return json ? (JSON.parse(json) as AssetRecord) : undefined;
  }

  async reserve(id: string): Promise<void> {
    await this.ref.conn.script("smPutAsset", this.ref.apiKey, this.ref.epoch, "reserve", id, "");
  }
}

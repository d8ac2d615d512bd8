/**
 * A tenant's media library: the store interface and its in-memory implementation. Uploaded bytes are never held
 * in memory: they are on disk (the record keeps where) or, with the Redis store, in Redis (see assets.files.ts).
 * Assets are added with the generation they were uploaded for (GenerationStore.admit).
 */
import type { Awaitable } from "../../domain/awaitable.js";

export const ASSET_TYPES = ["VIDEO", "AUDIO", "IMAGE"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** An asset as stored. */
export interface AssetRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly name: string;
  readonly type: AssetType;
  readonly size: number;
  readonly format: string | null;
  readonly mimeType: string;
  /** Where the bytes are on disk. */
  readonly filePath: string;
  /** Secret part of the public file URL. */
  readonly token: string;
  readonly durationSeconds: number | null;
}

/** A tenant's assets, wherever they are kept. */
export interface AssetStore {
  /** The asset with this id, if this tenant has it. */
  get(id: string): Awaitable<AssetRecord | undefined>;
  /** Those of `ids` this tenant has, by id. */
  getMany(ids: readonly string[]): Awaitable<ReadonlyMap<string, AssetRecord>>;
  /** Every asset, oldest first. */
  all(): Awaitable<readonly AssetRecord[]>;
}

/** Every asset of one tenant, in creation order, in this process. */
export class MemoryAssetStore implements AssetStore {
  readonly #byId = new Map<string, AssetRecord>();
  readonly #ordered: AssetRecord[] = [];

  /** Stores a new asset. */
  add(record: AssetRecord): void {
    this.#byId.set(record.id, record);
    this.#ordered.push(record);
  }

  /** The asset with this id, if this tenant has it. */
  get(id: string): AssetRecord | undefined {
    return this.#byId.get(id);
  }

  getMany(ids: readonly string[]): ReadonlyMap<string, AssetRecord> {
    const found = new Map<string, AssetRecord>();
    for (const id of ids) {
      const record = this.#byId.get(id);
      if (record) found.set(id, record);
    }
    return found;
  }

  /** Every asset, oldest first. */
  all(): readonly AssetRecord[] {
    return this.#ordered;
  }
}

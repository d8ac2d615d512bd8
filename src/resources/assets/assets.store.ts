/**
 * A tenant's media library: the store interface and its in-memory implementation. Uploaded bytes are never held
 * in memory: they are on disk (the record keeps where) or, with the Redis store, in Redis (see assets.files.ts).
 * Assets come with the generation they were uploaded for (GenerationStore.admit), from a presigned upload
 * (assets.upload.ts), or registered from a URL (POST /v2/assets).
 */
import type { Awaitable } from "../../domain/awaitable.js";

export const ASSET_TYPES = ["VIDEO", "AUDIO", "IMAGE"] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const ASSET_VISIBILITIES = ["USER", "ORGANIZATION"] as const;
export type AssetVisibility = (typeof ASSET_VISIBILITIES)[number];

/** An asset as stored. Fields added after the first release are optional, so older state logs still load. */
export interface AssetRecord {
  readonly id: string;
  readonly createdAt: number;
  /** When it was last changed (PATCH); createdAt when never. */
  readonly updatedAt?: number;
  readonly name: string;
  /** The file name in its public URL, kept when the asset is renamed (absent: the name). */
  readonly fileName?: string;
  readonly type: AssetType;
  /** Bytes; null for an asset registered from a URL whose size nobody gave. */
  readonly size: number | null;
  readonly format: string | null;
  readonly mimeType: string;
  /** Where the bytes are on disk ("" for an asset registered from a URL: the mock holds no bytes of it). */
  readonly filePath: string;
  /** Secret part of the public file URL. */
  readonly token: string;
  readonly durationSeconds: number | null;
  /** How it came: uploaded (default) or registered from a URL. */
  readonly inputType?: "UPLOAD" | "URL";
  /** For an asset registered from a URL: that URL, which generations read instead of a file of the mock's. */
  readonly sourceUrl?: string;
  readonly visibility?: AssetVisibility;
  readonly width?: number | null;
  readonly height?: number | null;
}

/** A tenant's assets, wherever they are kept. */
export interface AssetStore {
  /** The asset with this id, if this tenant has it. */
  get(id: string): Awaitable<AssetRecord | undefined>;
  /** Those of `ids` this tenant has, by id. */
  getMany(ids: readonly string[]): Awaitable<ReadonlyMap<string, AssetRecord>>;
  /** Every asset, oldest first. */
  all(): Awaitable<readonly AssetRecord[]>;
  /** How many assets this tenant has. */
  count(): Awaitable<number>;
  /** Stores a new asset (its id owned by this tenant from now on); false when the tenant was reset meanwhile. */
  add(record: AssetRecord): Awaitable<boolean>;
  /** Replaces a stored asset; false when it is gone (deleted meanwhile). */
  update(record: AssetRecord): Awaitable<boolean>;
  /** Removes an asset, answering it; undefined when this tenant has none by this id. */
  remove(id: string): Awaitable<AssetRecord | undefined>;
  /** Makes `id` this tenant's before its asset exists (a presigned upload), so its public URLs find the owner. */
  reserve(id: string): Awaitable<void>;
}

/** What a memory store tells its registry (the owner index of public URLs). */
export interface AssetOwnership {
  owned(id: string): void;
  disowned(id: string): void;
}

/** Every asset of one tenant, in creation order, in this process. */
export class MemoryAssetStore implements AssetStore {
  readonly #byId = new Map<string, AssetRecord>();
  // Removed assets leave a hole, so a removal costs no shift of every later one.
  readonly #ordered: Array<AssetRecord | undefined> = [];
  readonly #position = new Map<string, number>();

  constructor(private readonly ownership: AssetOwnership = { owned() {}, disowned() {} }) {}

  add(record: AssetRecord): boolean {
    const at = this.#position.get(record.id);
    if (at !== undefined) this.#ordered[at] = record;
    else {
      this.#position.set(record.id, this.#ordered.length);
      this.#ordered.push(record);
    }
    this.#byId.set(record.id, record);
    this.ownership.owned(record.id);
    return true;
  }

  update(record: AssetRecord): boolean {
    const at = this.#position.get(record.id);
    if (at === undefined) return false;
    this.#byId.set(record.id, record);
    this.#ordered[at] = record;
    return true;
  }

  remove(id: string): AssetRecord | undefined {
    const record = this.#byId.get(id);
    const at = this.#position.get(id);
    if (!record || at === undefined) return undefined;
    this.#byId.delete(id);
    this.#position.delete(id);
    this.#ordered[at] = undefined;
    this.ownership.disowned(id);
    return record;
  }

  reserve(id: string): void {
    this.ownership.owned(id);
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
    return this.#ordered.length === this.#byId.size ? (this.#ordered as readonly AssetRecord[]) : this.#ordered.filter((r) => r !== undefined);
  }

  count(): number {
    return this.#byId.size;
  }
}

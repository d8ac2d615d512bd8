/**
 * A tenant's media library. Uploaded files live on disk (never in memory); the record keeps where.
 */

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

/** Every asset of one tenant, in creation order. */
export class AssetStore {
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

  /** Every asset, oldest first. */
  all(): readonly AssetRecord[] {
    return this.#ordered;
  }
}

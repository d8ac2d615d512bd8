/**
 * Where uploaded bytes live. Uploads are always streamed to this process's disk first (`uploadDir`), so a
 * request that fails validation leaves nothing behind; {@link AssetFiles.keep} then makes them part of the
 * state: on disk they stay where they are; the Redis store copies them into Redis (`assets.redis-files.ts`),
 * so any replica can serve them.
 */
import { rmSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Awaitable } from "../../domain/awaitable.js";
import type { ByteSource } from "../../http/range.js";
import type { AssetRecord } from "./assets.store.js";

/** The bytes of assets. */
export interface AssetFiles {
  /** Makes uploaded files (at their `filePath` on this process's disk) part of the state, before their records are stored. */
  keep(assets: readonly AssetRecord[]): Awaitable<void>;
  /** The bytes of an asset, or undefined when they are gone. */
  open(asset: AssetRecord): Awaitable<ByteSource | undefined>;
  /** Removes the bytes of assets (kept or not). */
  remove(assets: readonly AssetRecord[]): Awaitable<void>;
}

/** Uploaded bytes on this process's disk. */
export class DiskAssetFiles implements AssetFiles {
  keep(): void {
    // They are on disk already.
  }

  async open(asset: AssetRecord): Promise<ByteSource | undefined> {
    try {
      return { path: asset.filePath, size: (await stat(asset.filePath)).size };
    } catch {
      return undefined;
    }
  }

  remove(assets: readonly AssetRecord[]): void {
    // At once, so a reset's answer comes after its files are gone.
    for (const asset of assets) rmSync(asset.filePath, { force: true });
  }
}

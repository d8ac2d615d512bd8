/**
 * Uploaded bytes in Redis, so any replica serves any asset. An upload is streamed to the receiving replica's
 * disk first (as with the memory store); keeping it copies it into Redis in 1 MiB chunks (a hash field each,
 * so a Range request reads only the chunks it needs and no value nears Redis's 512 MB limit) and removes the
 * local copy. Chosen over a shared directory because it needs nothing mounted: replicas on different hosts or
 * containers share Redis already. The cost is Redis memory: see the README's "Fidelity & limitations".
 */
import { rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ByteSource } from "../../http/range.js";
import type { RedisConnection } from "../../store/redis/connection.js";
import type { AssetFiles } from "./assets.files.js";
import type { AssetRecord } from "./assets.store.js";

/** Bytes per chunk. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/** Uploaded bytes in Redis. */
export class RedisAssetFiles implements AssetFiles {
  constructor(private readonly conn: RedisConnection) {}

  #key(asset: AssetRecord): string {
    return `${this.conn.prefix}blob:${asset.id}`;
  }

  async keep(assets: readonly AssetRecord[]): Promise<void> {
    // Every create calls this, nearly always with no upload: a megabyte allocated for nothing cost each one
    // more garbage-collector time than the rest of the create (3,000 instead of 9,000 creates a second).
    if (assets.length === 0) return;
    // One buffer, reused for every chunk once Redis has answered for the last: a 100 MB upload costs the
    // process 1 MiB, not 100 buffers waiting for the collector.
    const buffer = Buffer.allocUnsafe(BLOB_CHUNK_BYTES);
    for (const asset of assets) {
      const key = this.#key(asset);
      const file = await open(asset.filePath, "r");
      try {
        for (let index = 0; ; index++) {
          const { bytesRead } = await file.read(buffer, 0, BLOB_CHUNK_BYTES, index * BLOB_CHUNK_BYTES);
          if (bytesRead === 0) break;
          await this.conn.redis.hset(key, String(index), buffer.subarray(0, bytesRead));
          if (bytesRead < BLOB_CHUNK_BYTES) break;
        }
      } finally {
        await file.close();
      }
      rmSync(asset.filePath, { force: true });
    }
  }

  open(asset: AssetRecord): ByteSource {
    const key = this.#key(asset);
    const redis = this.conn.redis;
    return {
      size: asset.size ?? 0,
      read(start: number, end: number): Readable {
        return Readable.from(
          (async function* () {
            for (let index = Math.floor(start / BLOB_CHUNK_BYTES); index * BLOB_CHUNK_BYTES <= end; index++) {
              const chunk = await redis.hgetBuffer(key, String(index));
              if (!chunk) throw new Error(`asset ${asset.id}: chunk ${index} is missing`);
              const offset = index * BLOB_CHUNK_BYTES;
              yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset + 1));
            }
          })(),
        );
      },
    };
  }

  async remove(assets: readonly AssetRecord[]): Promise<void> {
    for (const asset of assets) rmSync(asset.filePath, { force: true });
    if (assets.length > 0) await this.conn.redis.unlink(...assets.map((asset) => this.#key(asset)));
  }
}

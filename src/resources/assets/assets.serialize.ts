/**
 * Assets as the API shows them.
 */
import { isoTime } from "../../domain/clock.js";
import type { AssetRecord } from "./assets.store.js";

// Deviation: the real API stores uploads in its own storage; the mock serves them back from this public route.
/** The public URL of an asset's bytes (the file name is in the path, so media rules can match it). */
export function assetFileUrl(publicUrl: string, asset: Pick<AssetRecord, "id" | "name" | "token">): string {
  return `${publicUrl}/v2/assets/${asset.id}/file/${encodeURIComponent(asset.name || "file")}?token=${asset.token}`;
}

/** The JSON of an asset. */
export function serializeAsset(asset: AssetRecord, publicUrl: string) {
  return {
    id: asset.id,
    createdAt: isoTime(asset.createdAt),
    updatedAt: isoTime(asset.createdAt),
    name: asset.name,
    url: assetFileUrl(publicUrl, asset),
    size: asset.size,
    format: asset.format,
    type: asset.type,
    inputType: "UPLOAD" as const,
    durationSeconds: asset.durationSeconds,
    thumbnailUrl: null,
    visibility: "ORGANIZATION" as const,
    width: null,
    height: null,
    projectId: null,
  };
}

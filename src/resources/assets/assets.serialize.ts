/**
 * Assets as the API shows them.
 */
import { isoTime } from "../../domain/clock.js";
import type { AssetRecord } from "./assets.store.js";

// Deviation: the real API stores uploads in its own storage; the mock serves them back from this public route.
/** The public URL of an asset's bytes (the file name is in the path, so media rules can match it). */
export function assetFileUrl(publicUrl: string, asset: Pick<AssetRecord, "id" | "name" | "fileName" | "token">): string {
  return `${publicUrl}/v2/assets/${asset.id}/file/${encodeURIComponent(asset.fileName ?? (asset.name || "file"))}?token=${asset.token}`;
}

/** The URL an asset's bytes are read at: the URL it was registered from, or the mock's file URL of an upload. */
export function assetUrl(publicUrl: string, asset: AssetRecord): string {
  return asset.sourceUrl ?? assetFileUrl(publicUrl, asset);
}

/** The JSON of an asset. */
export function serializeAsset(asset: AssetRecord, publicUrl: string) {
  return {
    id: asset.id,
    createdAt: isoTime(asset.createdAt),
    updatedAt: isoTime(asset.updatedAt ?? asset.createdAt),
    name: asset.name,
    url: assetUrl(publicUrl, asset),
    size: asset.size,
    format: asset.format,
    type: asset.type,
    inputType: asset.inputType ?? "UPLOAD",
    durationSeconds: asset.durationSeconds,
    thumbnailUrl: null,
    // Deviation: stored and echoed, but a key is its own organization and only user, so it restricts nothing.
    visibility: asset.visibility ?? "ORGANIZATION",
    width: asset.width ?? null,
    height: asset.height ?? null,
    projectId: null,
  };
}

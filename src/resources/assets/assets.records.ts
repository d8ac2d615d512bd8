/**
 * How a new asset's record is made, whichever way its bytes came (a multipart file of POST /v2/generate, or the
 * PUT of a presigned upload): the format from the file name (else the MIME type), the duration from the
 * scenario's media catalogue for the URL it will be served at.
 */
import { extname } from "node:path";
import { describeMedia } from "../../domain/media.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import { assetFileUrl } from "./assets.serialize.js";
import type { AssetRecord, AssetType } from "./assets.store.js";

/** A file's format: its extension, else the MIME subtype; null when neither says. */
export function mediaFormat(name: string, mimeType: string): string | null {
  return extname(name).slice(1).toLowerCase() || mimeType.split("/")[1] || null;
}

/** An image has no duration; audio and video have what the catalogue says of `url`. */
export function mediaDuration(type: AssetType, url: string, media: Scenario["media"]): number | null {
  return type === "IMAGE" ? null : describeMedia(url, media.rules, media.default).durationSeconds;
}

/** What an uploaded file is. */
export interface UploadedBytes {
  readonly id: string;
  readonly token: string;
  readonly name: string;
  readonly type: AssetType;
  readonly size: number;
  readonly mimeType: string;
  readonly filePath: string;
  readonly createdAt: number;
}

/** The record of an uploaded file, served at the mock's public file URL. */
export function uploadedAssetRecord(file: UploadedBytes, publicUrl: string, media: Scenario["media"]): AssetRecord {
  const url = assetFileUrl(publicUrl, file);
  return {
    ...file,
    updatedAt: file.createdAt,
    format: mediaFormat(file.name, file.mimeType),
    durationSeconds: mediaDuration(file.type, url, media),
    inputType: "UPLOAD",
    visibility: "ORGANIZATION",
  };
}

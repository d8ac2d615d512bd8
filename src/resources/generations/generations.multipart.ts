/**
 * POST /v2/generate as multipart/form-data (contract §4): file parts `video`, `audio`, `image` become tenant
 * assets referenced by `assetId`; text parts carry the rest, nested ones as JSON. `input` may come as one
 * part per item (the TypeScript SDK) or as one JSON array. A file part wins over a URL input of its type.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { validationError } from "../../http/errors.js";
import { nestsDeeperThan, tooDeepProblem } from "../../http/json-depth.js";
import { discardFiles, readMultipart, type FormField, type UploadedFile } from "../../http/multipart.js";
import type { AssetRecord, AssetType } from "../assets/assets.store.js";
import { uploadedAssetRecord } from "../assets/assets.records.js";

const FILE_FIELDS: Readonly<Record<string, { slot: "video" | "audio" | "image"; type: AssetType }>> = {
  video: { slot: "video", type: "VIDEO" },
  audio: { slot: "audio", type: "AUDIO" },
  image: { slot: "image", type: "IMAGE" },
};
const JSON_FIELDS = new Set(["options", "segments", "dubParams"]);
const TEXT_FIELDS = new Set(["model", "webhookUrl", "outputFileName", "projectId"]);

/** A multipart create, turned into a DTO candidate plus the assets its files would become. */
export interface MultipartCreate {
  /** The request as JSON would have sent it (not yet validated). */
  readonly body: Record<string, unknown>;
  /** Assets for the uploaded files; stored only if the generation is created. */
  readonly uploads: AssetRecord[];
  /** Removes the uploaded files (on any failure). */
  discard(): Promise<void>;
}

function parseJsonField(name: string, value: string, problems: string[]): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    problems.push(`${name} must be valid JSON`);
    return undefined;
  }
  if (nestsDeeperThan(parsed)) {
    problems.push(tooDeepProblem(name));
    return undefined;
  }
  return parsed;
}

function collectInputs(fields: readonly FormField[], problems: string[]): unknown[] {
  const items: unknown[] = [];
  for (const field of fields.filter((f) => f.name === "input" || f.name === "input[]")) {
    const parsed = parseJsonField("input", field.value, problems);
    if (Array.isArray(parsed)) items.push(...parsed);
    else if (parsed !== undefined) items.push(parsed);
  }
  return items;
}

/** Reads the form and builds the request; the caller validates it and calls `discard()` if anything fails. */
export async function readMultipartCreate(c: Context<AppEnv>): Promise<MultipartCreate> {
  const { deps, scenario } = c.var;
  const form = await readMultipart(c, {
    dir: deps.uploadDir,
    maxFileBytes: scenario.limits.maxUploadBytes,
    newFileName: () => deps.ids.uuid(),
  });
  const discard = () => discardFiles(form.files);
  const problems: string[] = [];
  const body: Record<string, unknown> = {};

  for (const field of form.fields) {
    if (TEXT_FIELDS.has(field.name)) body[field.name] = field.value;
    else if (JSON_FIELDS.has(field.name)) body[field.name] = parseJsonField(field.name, field.value, problems);
  }
  const inputs = collectInputs(form.fields, problems);

  const uploads: AssetRecord[] = [];
  const seen = new Set<string>();
  for (const file of form.files) {
    const spec = FILE_FIELDS[file.field];
    if (!spec) {
      problems.push(`unexpected file part "${file.field}" (expected video, audio or image)`);
      continue;
    }
    if (seen.has(file.field)) {
      problems.push(`only one ${file.field} file may be uploaded`);
      continue;
    }
    seen.add(file.field);
    const asset = toAsset(c, file, spec.type);
    uploads.push(asset);
    // The file takes the place of a URL input of its type, keeping that item's other fields (refId...).
    const index = inputs.findIndex((item) => isObject(item) && item.type === spec.slot);
    if (index >= 0) {
      const { url: _url, ...rest } = inputs[index] as Record<string, unknown>;
      inputs[index] = { ...rest, assetId: asset.id };
    } else {
      inputs.push({ type: spec.slot, assetId: asset.id });
    }
  }
  body.input = inputs;

  if (problems.length > 0) {
    await discard();
    throw validationError(problems);
  }
  return { body, uploads, discard };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toAsset(c: Context<AppEnv>, file: UploadedFile, type: AssetType): AssetRecord {
  const { deps, tenant } = c.var;
  const bytes = {
    id: deps.ids.uuid(),
    token: deps.ids.uuid(),
    name: file.filename || `${type.toLowerCase()}`,
    type,
    size: file.size,
    mimeType: file.mimeType,
    filePath: file.path!,
    createdAt: tenant.now(),
  };
  return uploadedAssetRecord(bytes, deps.publicUrl(), c.var.scenario.media);
}

/**
 * The presigned upload flow (facts §9.4): POST /v2/assets/upload answers an `uploadUrl` on the mock itself, a
 * PUT of the bytes there stores them as the key's asset, and the `url` it answered serves them (and can be
 * registered with POST /v2/assets). The upload URL stands in for S3's: it carries its own signature (an HMAC
 * keyed by the owner's API key, so it cannot be forged without the key) and expiry, and the PUT answers in S3's
 * XML error shape, not Sync's JSON one.
 */
import { UUID } from "../../domain/ids.js";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { apiError } from "../../http/errors.js";
import { readValidJson } from "../../http/json-body.js";
import { bodyStream, formatBytes } from "../../http/multipart.js";
import { uploadedBytes } from "../../http/upload-gc.js";
import type { Tenant } from "../../tenants/tenant.js";
import { CreateUploadRequestSchema, type CreateAssetRequestSchema } from "./assets.schemas.js";
import { assetFileUrl } from "./assets.serialize.js";
import { uploadedAssetRecord } from "./assets.records.js";
import type { AssetRecord, AssetType } from "./assets.store.js";
import type { z } from "@hono/zod-openapi";

// Deviation: the real expiry is unpublished; an hour is S3's usual presign.
/** Seconds an upload URL stays valid. */
export const UPLOAD_EXPIRES_SECONDS = 3600;

const FILE_PATH = /^\/v2\/assets\/([0-9a-f-]{36})\/file\/[^/]+$/i;

/** What an upload URL promises, all of it signed. */
interface UploadTerms {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  /** X-Amz-Date: when it was presigned, on the key's clock. */
  readonly date: string;
  readonly expires: number;
  readonly token: string;
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");
}

function amzDateMs(date: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

function signature(apiKey: string, terms: UploadTerms): string {
  const canonical = [terms.id, terms.fileName, terms.contentType.toLowerCase(), terms.size, terms.date, terms.expires, terms.token].join("\n");
  return createHmac("sha256", apiKey).update(canonical).digest("hex");
}

function assetTypeOf(contentType: string): AssetType {
  const kind = contentType.split("/")[0]!.toLowerCase();
  return kind === "audio" ? "AUDIO" : kind === "image" ? "IMAGE" : "VIDEO";
}

/** POST /v2/assets/upload: presigns a PUT of one file of `size` bytes. */
export async function createUploadHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  const body = await readValidJson(c, CreateUploadRequestSchema, scenario.limits.maxJsonBytes);
  const limit = tenant.limits.maxAssetBytes;
  if (body.size > limit) {
    throw apiError("file_size_exceeds_plan_limit", `The file is ${formatBytes(body.size)}; the ${tenant.plan} plan allows assets of up to ${formatBytes(limit)}`);
  }
  const terms: UploadTerms = {
    id: deps.ids.uuid(),
    fileName: body.fileName,
    contentType: body.contentType,
    size: body.size,
    date: amzDate(tenant.now()),
    expires: UPLOAD_EXPIRES_SECONDS,
    token: deps.ids.uuid(),
  };
  // The id is the key's from now on, so the PUT (which carries no key) finds whose signature to check.
  await tenant.assets.reserve(terms.id);
  deps.recorder.record({ e: "asset-reserved", key: tenant.apiKey, id: terms.id });
  const publicUrl = deps.publicUrl();
  const query = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Date": terms.date,
    "X-Amz-Expires": String(terms.expires),
    "X-Amz-SignedHeaders": "content-length;content-type;host",
    "x-sm-content-type": terms.contentType,
    "x-sm-size": String(terms.size),
    "x-sm-token": terms.token,
    "X-Amz-Signature": signature(tenant.apiKey, terms),
  });
  return c.json(
    {
      uploadUrl: `${publicUrl}/uploads/${terms.id}/${encodeURIComponent(terms.fileName)}?${query}`,
      url: assetFileUrl(publicUrl, { id: terms.id, name: terms.fileName, token: terms.token }),
      expiresIn: terms.expires,
    },
    201,
  );
}

/** An S3-style XML error answer. */
function s3Error(c: Context<AppEnv>, status: 400 | 403, code: string, message: string): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${c.get("requestId") ?? ""}</RequestId></Error>`;
  return c.body(xml, status, { "content-type": "application/xml" });
}

const SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

/** Counts and hashes the bytes going through, failing past `max`. */
class CountingHash extends Transform {
  readonly md5 = createHash("md5");
  bytes = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) return done(new RangeError("too large"));
    this.md5.update(chunk);
    uploadedBytes(chunk.length);
    done(null, chunk);
  }
}

/** The signed terms of an upload URL, or a reason it is not one. */
async function checkedTerms(c: Context<AppEnv>): Promise<{ terms: UploadTerms; owner: Tenant } | Response> {
  const q = (name: string) => c.req.query(name) ?? "";
  const id = c.req.param("id") ?? "";
  const terms: UploadTerms = {
    id,
    fileName: decodeURIComponent(c.req.param("name") ?? ""),
    contentType: q("x-sm-content-type"),
    size: Number(q("x-sm-size")),
    date: q("X-Amz-Date"),
    expires: Number(q("X-Amz-Expires")),
    token: q("x-sm-token"),
  };
  const given = q("X-Amz-Signature");
  if (!UUID.test(id) || !given || !Number.isSafeInteger(terms.size) || !Number.isSafeInteger(terms.expires) || Number.isNaN(amzDateMs(terms.date))) {
    return s3Error(c, 403, "AccessDenied", "Query-string authentication requires the X-Amz-Signature, X-Amz-Date and X-Amz-Expires parameters");
  }
  const owner = await c.var.deps.tenants.publicOwner(id);
  const expected = owner ? Buffer.from(signature(owner.apiKey, terms)) : undefined;
  if (!owner || !expected || expected.length !== Buffer.byteLength(given) || !timingSafeEqual(expected, Buffer.from(given))) {
    return s3Error(c, 403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH);
  }
  // Content-Type is a signed header, as in S3: the PUT must send the type it was presigned for.
  const sentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (sentType !== terms.contentType.toLowerCase()) return s3Error(c, 403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH);
  if (owner.now() > amzDateMs(terms.date) + terms.expires * 1000) return s3Error(c, 403, "AccessDenied", "Request has expired");
  return { terms, owner };
}

/** PUT /uploads/{id}/{name}: streams the bytes to disk and stores them as the owner's asset. */
// Deviation: the asset exists (listed, usable by id) once its bytes are in, before any POST /v2/assets of its url.
export async function putUploadHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps } = c.var;
  const source = bodyStream(c);
  const checked = await checkedTerms(c);
  if (checked instanceof Response) {
    source.resume();
    return checked;
  }
  const { terms, owner } = checked;
  const declared = c.req.header("content-length");
  if (declared !== undefined && Number(declared) > terms.size) {
    source.resume();
    return s3Error(c, 400, "EntityTooLarge", "Your proposed upload exceeds the size the upload URL was presigned for");
  }
  const path = join(deps.uploadDir, deps.ids.uuid());
  const counter = new CountingHash(terms.size);
  // Piped, not in the pipeline: a body over the size is answered 400 while the rest is drained, not cut off.
  // So a client that hangs up mid-file must end the write itself, or it would wait forever with the file open.
  source.once("error", (error) => counter.destroy(error));
  source.once("close", () => {
    if (!source.readableEnded) counter.destroy(new Error("the client closed the connection mid-upload"));
  });
  source.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(path));
  } catch (error) {
    source.unpipe(counter);
    source.resume();
    await rm(path, { force: true });
    if (counter.bytes > terms.size) return s3Error(c, 400, "EntityTooLarge", "Your proposed upload exceeds the size the upload URL was presigned for");
    throw error;
  }
  if (counter.bytes < terms.size) {
    await rm(path, { force: true });
    return s3Error(c, 400, "IncompleteBody", "You did not provide the number of bytes the upload URL was presigned for");
  }
  // A second PUT replaces the object, as in S3: the old bytes go first (in Redis they share the asset's key);
  // what POST /v2/assets or PATCH said of the asset (name, type, visibility) stays.
  const previous = await owner.assets.get(terms.id);
  const fresh = uploadedAsset(c, owner, terms, path);
  const asset: AssetRecord = previous ? { ...previous, filePath: path, size: fresh.size, updatedAt: fresh.createdAt } : fresh;
  if (previous) await deps.files.remove([previous]);
  await deps.files.keep([asset]);
  if (!(await owner.assets.add(asset))) {
    // The key was reset while the bytes arrived: the upload belongs to a tenant that is gone.
    await deps.files.remove([asset]);
    return s3Error(c, 403, "AccessDenied", "The upload URL's owner no longer exists");
  }
  deps.recorder.record({ e: "asset", key: owner.apiKey, record: asset });
  return c.body(null, 200, { etag: `"${counter.md5.digest("hex")}"` });
}

function uploadedAsset(c: Context<AppEnv>, owner: Tenant, terms: UploadTerms, filePath: string): AssetRecord {
  const bytes = {
    id: terms.id,
    token: terms.token,
    name: terms.fileName,
    type: assetTypeOf(terms.contentType),
    size: terms.size,
    mimeType: terms.contentType,
    filePath,
    createdAt: owner.now(),
  };
  // The PUT carries no key: the scenario is the owner's (its override, else the server's).
  return uploadedAssetRecord(bytes, c.var.deps.publicUrl(), (owner.scenarioOverride ?? c.var.deps.scenario()).media);
}

/** The asset id of a URL of the mock's own asset storage (an upload's `url`), else undefined. */
export function uploadedAssetId(c: Context<AppEnv>, url: string): string | undefined {
  const parsed = new URL(url);
  const own = new URL(c.var.deps.publicUrl());
  const host = c.req.header("host");
  if (parsed.host !== own.host && parsed.host !== host) return undefined;
  return FILE_PATH.exec(parsed.pathname)?.[1];
}

/** POST /v2/assets for an upload's `url`: the asset its PUT stored, with the request's type and name. */
export async function registerUploadedAsset(c: Context<AppEnv>, id: string, body: z.infer<typeof CreateAssetRequestSchema>): Promise<AssetRecord> {
  const { deps, tenant } = c.var;
  const owner = await deps.tenants.publicOwner(id);
  if (owner && owner.apiKey !== tenant.apiKey) throw apiError("file_not_in_org_storage", body.url);
  const asset = owner ? await tenant.assets.get(id) : undefined;
  if (!asset) throw apiError("uploaded_file_not_found", body.url);
  if (new URL(body.url).searchParams.get("token") !== asset.token) throw apiError("file_not_in_org_storage", body.url);
  const limit = tenant.limits.maxAssetBytes;
  if ((asset.size ?? 0) > limit) {
    throw apiError("file_size_exceeds_plan_limit", `The file is ${formatBytes(asset.size ?? 0)}; the ${tenant.plan} plan allows assets of up to ${formatBytes(limit)}`);
  }
  const registered: AssetRecord = {
    ...asset,
    type: body.type,
    name: body.name ?? asset.name,
    fileName: asset.fileName ?? asset.name,
    visibility: body.visibility ?? asset.visibility ?? "ORGANIZATION",
    updatedAt: tenant.now(),
  };
  if (!(await tenant.assets.update(registered))) throw apiError("uploaded_file_not_found", body.url);
  deps.recorder.record({ e: "asset", key: tenant.apiKey, record: registered });
  return registered;
}

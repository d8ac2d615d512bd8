/**
 * Handlers of the asset operations beyond get and list: register from a URL, update, delete, count, get several,
 * and the download URL. Every change is stored through the tenant's AssetStore and logged for `--data-dir`.
 */
import { UUID } from "../../domain/ids.js";
import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ACTIVE_STATUSES, statusAt } from "../../domain/job-machine.js";
import type { AppEnv } from "../../env.js";
import { apiError } from "../../http/errors.js";
import { readValidJson } from "../../http/json-body.js";
import { enumListParam } from "../../http/query.js";
import type { Tenant } from "../../tenants/tenant.js";
import type { countAssetsRoute } from "./assets.manage.routes.js";
import { mediaDuration, mediaFormat } from "./assets.records.js";
import { AssetsByIdsRequestSchema, CreateAssetRequestSchema, UpdateAssetRequestSchema } from "./assets.schemas.js";
import { assetUrl, serializeAsset } from "./assets.serialize.js";
import { ASSET_TYPES, type AssetRecord } from "./assets.store.js";
import { registerUploadedAsset, uploadedAssetId } from "./assets.upload.js";

/** The key's asset named by the path (400 for a malformed id, 404 for an unknown one). */
async function pathAsset(c: Context<AppEnv>): Promise<AssetRecord> {
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) throw apiError("invalid_asset_id_format", id);
  const asset = await c.get("tenant").assets.get(id);
  if (!asset) throw apiError("asset_not_found", id);
  return asset;
}

/** 403 when a generation still in flight reads the asset: its media must not change under it. */
async function assertNotInUse(tenant: Tenant, asset: AssetRecord): Promise<void> {
  const now = tenant.now();
  const running = await tenant.generations.list({ statuses: ACTIVE_STATUSES }, now);
  const reader = running.find((record) => record.input.some((input) => input.assetId === asset.id));
  if (reader) {
    throw apiError(
      "asset_forbidden",
      `Asset ${asset.id} is an input of generation ${reader.id}, which is ${statusAt(reader.timeline, now)}; change or delete it once that generation has finished`,
    );
  }
}

/** Names and filters as the list applies them (projects do not exist in the mock: a projectId matches none). */
function matches(c: Context<AppEnv>, query: { projectId?: string | undefined; searchQuery?: string | undefined }): (asset: AssetRecord) => boolean {
  const types = enumListParam(c, "types", ASSET_TYPES);
  const search = query.searchQuery?.trim().toLowerCase();
  if (query.projectId !== undefined) return () => false;
  return (a) => (!types || types.has(a.type)) && (!search || a.name.toLowerCase().includes(search));
}

/** POST /v2/assets: the finished upload a mock upload URL names, or a new asset read from any other URL. */
export async function createAssetHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  const body = await readValidJson(c, CreateAssetRequestSchema, scenario.limits.maxJsonBytes);
  // Deviation: there is no Projects API in the mock, so no projectId names a project.
  if (body.projectId !== undefined) throw apiError("project_not_found", body.projectId);
  const uploadId = uploadedAssetId(c, body.url);
  if (uploadId !== undefined) {
    const asset = await registerUploadedAsset(c, uploadId, body);
    return c.json(serializeAsset(asset, deps.publicUrl()), 201);
  }
  const now = tenant.now();
  const pathname = new URL(body.url).pathname;
  const name = body.name ?? (decodeURIComponent(pathname.split("/").pop() ?? "") || body.type.toLowerCase());
  const format = mediaFormat(pathname, "");
  const asset: AssetRecord = {
    id: deps.ids.uuid(),
    createdAt: now,
    updatedAt: now,
    name,
    type: body.type,
    size: null,
    format,
    mimeType: format ? `${body.type.toLowerCase()}/${format}` : "application/octet-stream",
    filePath: "",
    token: deps.ids.uuid(),
    durationSeconds: mediaDuration(body.type, body.url, scenario.media),
    inputType: "URL",
    sourceUrl: body.url,
    visibility: body.visibility ?? "ORGANIZATION",
  };
  if (!(await tenant.assets.add(asset))) throw apiError("internal_error");
  deps.recorder.record({ e: "asset", key: tenant.apiKey, record: asset });
  return c.json(serializeAsset(asset, deps.publicUrl()), 201);
}

/** PATCH /v2/assets/{id}. */
export async function updateAssetHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  const asset = await pathAsset(c);
  const changes = await readValidJson(c, UpdateAssetRequestSchema, scenario.limits.maxJsonBytes);
  await assertNotInUse(tenant, asset);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  // A rename keeps the file's URL, as the real storage keeps its object key.
  const updated: AssetRecord = { ...asset, ...defined, fileName: asset.fileName ?? asset.name, updatedAt: tenant.now() };
  if (!(await tenant.assets.update(updated))) throw apiError("asset_not_found", asset.id);
  deps.recorder.record({ e: "asset", key: tenant.apiKey, record: updated });
  return c.json(serializeAsset(updated, deps.publicUrl()), 200);
}

/** DELETE /v2/assets/{id}: answers the asset as it was; its bytes go with it. */
export async function deleteAssetHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant } = c.var;
  const asset = await pathAsset(c);
  await assertNotInUse(tenant, asset);
  // Undefined when a concurrent request removed it meanwhile: that one deleted it, not this one.
  const removed = await tenant.assets.remove(asset.id);
  if (!removed) throw apiError("asset_not_found", asset.id);
  if (removed.filePath !== "") await deps.files.remove([removed]);
  deps.recorder.record({ e: "asset-removed", key: tenant.apiKey, id: asset.id });
  return c.json(serializeAsset(removed, deps.publicUrl()), 200);
}

/** GET /v2/assets/{id}/download. */
export async function downloadAssetHandler(c: Context<AppEnv>): Promise<Response> {
  const asset = await pathAsset(c);
  return c.text(assetUrl(c.get("deps").publicUrl(), asset), 200);
}

/** GET /v2/assets/count. */
export const countAssetsHandler: RouteHandler<typeof countAssetsRoute, AppEnv> = async (c) => {
  const keep = matches(c, c.req.valid("query"));
  const assets = await c.var.tenant.assets.all();
  return c.json(assets.filter(keep).length, 200);
};

/** POST /v2/assets/batch: the assets of those ids this key has, in the order asked, each once. */
// Deviation: the real status is unpublished; a read answers 200 here, not NestJS's default 201 for a POST.
export async function assetsByIdsHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  const { ids } = await readValidJson(c, AssetsByIdsRequestSchema, scenario.limits.maxJsonBytes);
  const wanted = [...new Set(typeof ids === "string" ? [ids] : ids)];
  const found = await tenant.assets.getMany(wanted);
  const publicUrl = deps.publicUrl();
  return c.json(
    wanted.flatMap((id) => {
      const asset = found.get(id);
      return asset ? [serializeAsset(asset, publicUrl)] : [];
    }),
    200,
  );
}

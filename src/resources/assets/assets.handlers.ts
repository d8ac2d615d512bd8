/**
 * Handlers of the Assets API.
 */
import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { UUID } from "../../domain/ids.js";
import { apiError } from "../../http/errors.js";
import { enumListParam } from "../../http/query.js";
import { serveBytes } from "../../http/range.js";
import type { assetFileRoute, getAssetRoute, listAssetsRoute } from "./assets.routes.js";
import type { ASSET_SORTS } from "./assets.schemas.js";
import { serializeAsset } from "./assets.serialize.js";
import { ASSET_TYPES, type AssetRecord } from "./assets.store.js";

const DEFAULT_PAGE = 10;

type AssetSort = (typeof ASSET_SORTS)[number];

function compare(sort: AssetSort): (a: AssetRecord, b: AssetRecord) => number {
  const key = sort.replace(/(Asc|Desc)$/, "");
  const sign = sort.endsWith("Asc") ? 1 : -1;
  const value = (a: AssetRecord): string | number =>
    key === "name" ? a.name.toLowerCase() : key === "duration" ? (a.durationSeconds ?? -1) : key === "size" ? (a.size ?? -1) : key === "kind" ? a.type : a.createdAt;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  };
}

// Cursors are opaque to clients; here they are the offset of the next page, so a page is one slice.
function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}
function decodeCursor(cursor: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o: unknown };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // falls through to the error below
  }
  throw apiError("invalid_query", "cursor is not a cursor this API handed out");
}

/** GET /v2/assets. */
export const listAssetsHandler: RouteHandler<typeof listAssetsRoute, AppEnv> = async (c) => {
  const { deps, tenant } = c.var;
  const query = c.req.valid("query");
  const types = enumListParam(c, "types", ASSET_TYPES);
  const search = query.searchQuery?.trim().toLowerCase();
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  const limit = query.limit ?? DEFAULT_PAGE;
  // Uploaded assets belong to no project, so a projectId filter matches none (as for an inaccessible project).
  const matching =
    query.projectId !== undefined
      ? []
      : (await tenant.assets.all()).filter((a) => (!types || types.has(a.type)) && (!search || a.name.toLowerCase().includes(search)));
  const order = compare(query.sortBy ?? "dateDesc");
  const sorted = [...matching].reverse().sort(order); // ties: newest first
  const page = sorted.slice(offset, offset + limit);
  const publicUrl = deps.publicUrl();
  return c.json(
    {
      items: page.map((a) => serializeAsset(a, publicUrl)),
      ...(offset + limit < sorted.length ? { nextCursor: encodeCursor(offset + limit) } : {}),
      totalCount: sorted.length,
    },
    200,
  );
};

/** GET /v2/assets/{id}. */
export const getAssetHandler: RouteHandler<typeof getAssetRoute, AppEnv> = async (c) => {
  const { deps, tenant } = c.var;
  const { id } = c.req.valid("param");
  if (!UUID.test(id)) throw apiError("invalid_asset_id_format", id);
  const asset = await tenant.assets.get(id);
  if (!asset) throw apiError("asset_not_found", id);
  return c.json(serializeAsset(asset, deps.publicUrl()), 200);
};

/** GET /v2/assets/{id}/file/{name}: public, the token is the secret. */
export const assetFileHandler: RouteHandler<typeof assetFileRoute, AppEnv> = async (c) => {
  const { deps } = c.var;
  const { id } = c.req.valid("param");
  const { token } = c.req.valid("query");
  const owner = await deps.tenants.publicOwner(id);
  const asset = await owner?.assets.get(id);
  // An asset registered from a URL has no bytes here (its url is that URL).
  if (!asset || asset.token !== token || asset.sourceUrl !== undefined) throw apiError("result_not_found");
  const bytes = await deps.files.open(asset);
  if (!bytes) throw apiError("result_not_found");
  return serveBytes(c, bytes, asset.mimeType) as never;
};

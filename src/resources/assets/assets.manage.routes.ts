/**
 * The newest asset operations (facts §9.4): register from a URL, update, delete, count, get several, and the
 * download URL. A key is its own organization in the mock, so each sees exactly the key's assets.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY, KEYED_ROUTE_ERRORS } from "../../http/openapi.js";
import { AssetIdParamSchema, AssetSchema, AssetsByIdsRequestSchema, CountAssetsQuerySchema, CreateAssetRequestSchema, UpdateAssetRequestSchema } from "./assets.schemas.js";

const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
const BODY_ERRORS = ["malformed_json", "payload_too_large"] as const;

export const createAssetRoute = createRoute({
  method: "post",
  path: "/v2/assets",
  operationId: "AssetsController_create",
  tags: ["Assets API"],
  summary: "Register an asset from a URL (a public one, or the url of a finished upload)",
  security: API_KEY_SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: CreateAssetRequestSchema } } } },
  responses: {
    201: json(AssetSchema, "The asset"),
    ...errorResponses(...BODY_ERRORS, "project_not_found", "uploaded_file_not_found", "file_not_in_org_storage", "file_size_exceeds_plan_limit", ...KEYED_ROUTE_ERRORS),
  },
});

export const countAssetsRoute = createRoute({
  method: "get",
  path: "/v2/assets/count",
  operationId: "AssetsController_count",
  tags: ["Assets API"],
  summary: "Count assets (the list's filters)",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { query: CountAssetsQuerySchema },
  responses: {
    200: json(z.number().int().min(0), "How many assets match"),
    ...errorResponses("invalid_query", ...KEYED_ROUTE_ERRORS),
  },
});

export const assetsByIdsRoute = createRoute({
  method: "post",
  path: "/v2/assets/batch",
  operationId: "AssetsController_getByIds",
  tags: ["Assets API"],
  summary: "Get up to 100 assets by id (unknown or inaccessible ids are left out)",
  security: API_KEY_SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: AssetsByIdsRequestSchema } } } },
  responses: {
    200: json(z.array(AssetSchema), "The assets found, in the order asked"),
    ...errorResponses(...BODY_ERRORS, ...KEYED_ROUTE_ERRORS),
  },
});

export const updateAssetRoute = createRoute({
  method: "patch",
  path: "/v2/assets/{id}",
  operationId: "AssetsController_update",
  tags: ["Assets API"],
  summary: "Update an asset's name, visibility or media details",
  security: API_KEY_SECURITY,
  // Not required: as with any NestJS DTO, no body is an empty one, which changes nothing but updatedAt.
  request: { params: AssetIdParamSchema, body: { required: false, content: { "application/json": { schema: UpdateAssetRequestSchema } } } },
  responses: {
    200: json(AssetSchema, "The asset as it is now"),
    ...errorResponses(...BODY_ERRORS, "invalid_asset_id_format", "asset_not_found", "asset_forbidden", ...KEYED_ROUTE_ERRORS),
  },
});

export const deleteAssetRoute = createRoute({
  method: "delete",
  path: "/v2/assets/{id}",
  operationId: "AssetsController_delete",
  tags: ["Assets API"],
  summary: "Delete an asset; its file URL stops serving",
  security: API_KEY_SECURITY,
  request: { params: AssetIdParamSchema },
  responses: {
    200: json(AssetSchema, "Asset deleted (the asset as it was)"),
    ...errorResponses("invalid_asset_id_format", "asset_not_found", "asset_forbidden", ...KEYED_ROUTE_ERRORS),
  },
});

export const downloadAssetRoute = createRoute({
  method: "get",
  path: "/v2/assets/{id}/download",
  operationId: "AssetsController_download",
  tags: ["Assets API"],
  summary: "The asset's download URL, as an unquoted URL in a text/plain body",
  security: API_KEY_SECURITY,
  request: { params: AssetIdParamSchema },
  responses: {
    200: { description: "The URL", content: { "text/plain": { schema: z.string().openapi({ format: "uri" }) } } },
    ...errorResponses("invalid_asset_id_format", "asset_not_found", ...KEYED_ROUTE_ERRORS),
  },
});

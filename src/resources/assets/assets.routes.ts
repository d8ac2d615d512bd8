/**
 * The Assets API's operations.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY } from "../../http/openapi.js";
import { AssetIdParamSchema, AssetSchema, ListAssetsQuerySchema, PaginatedAssetsResponseSchema } from "./assets.schemas.js";

export const listAssetsRoute = createRoute({
  method: "get",
  path: "/v2/assets",
  operationId: "AssetsController_getAll",
  tags: ["Assets API"],
  summary: "List assets (cursor pagination)",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { query: ListAssetsQuerySchema },
  responses: {
    200: { description: "A page of assets", content: { "application/json": { schema: PaginatedAssetsResponseSchema } } },
    ...errorResponses("invalid_query", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"),
  },
});

export const getAssetRoute = createRoute({
  method: "get",
  path: "/v2/assets/{id}",
  operationId: "AssetsController_getById",
  tags: ["Assets API"],
  summary: "Get an asset",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { params: AssetIdParamSchema },
  responses: {
    200: { description: "The asset", content: { "application/json": { schema: AssetSchema } } },
    ...errorResponses("invalid_asset_id_format", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "asset_not_found", "internal_error"),
  },
});

export const assetFileRoute = createRoute({
  method: "get",
  path: "/v2/assets/{id}/file/{name}",
  operationId: "AssetsController_file",
  tags: ["Assets API"],
  summary: "Download an uploaded asset's bytes (public, token-checked; Range supported)",
  request: {
    params: z.object({
      id: z.string().openapi({ param: { name: "id", in: "path" } }),
      name: z.string().openapi({ param: { name: "name", in: "path" } }),
    }),
    query: z.object({ token: z.string().optional() }),
  },
  responses: {
    200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } } },
    206: { description: "Part of the file", content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } } },
    ...errorResponses("invalid_query", "result_not_found", "range_not_satisfiable"),
  },
});

/**
 * Zod schemas of the Assets API.
 */
import { z } from "@hono/zod-openapi";
import { enumListQuerySchema } from "../../http/query.js";
import { ASSET_TYPES } from "./assets.store.js";

export const ASSET_SORTS = ["nameAsc", "nameDesc", "dateAsc", "dateDesc", "durationAsc", "durationDesc", "sizeAsc", "sizeDesc", "kindAsc", "kindDesc"] as const;

export const AssetTypeSchema = z.enum(ASSET_TYPES).openapi("AssetType");

export const AssetSchema = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    name: z.string().nullable(),
    url: z.string().nullable().openapi({ description: "Public URL of the asset's bytes." }),
    size: z.number().int().nullable().openapi({ description: "Bytes." }),
    format: z.string().nullable().openapi({ example: "mp4" }),
    type: AssetTypeSchema,
    inputType: z.enum(["UPLOAD", "URL", "RECORD", "TTS", "EXTRACT", "PLATFORM_IMPORT"]).nullable(),
    durationSeconds: z.number().nullable(),
    thumbnailUrl: z.string().nullable(),
    visibility: z.enum(["USER", "ORGANIZATION"]),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    projectId: z.string().nullable(),
  })
  .openapi("Asset");

export const PaginatedAssetsResponseSchema = z
  .object({
    items: z.array(AssetSchema),
    nextCursor: z.string().optional().openapi({ description: "Present when more items follow." }),
    totalCount: z.number().int().openapi({ description: "Assets matching the query." }),
  })
  .openapi("PaginatedAssetsResponse");

export const ListAssetsQuerySchema = z.object({
  projectId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "Page size, 1-100 (default 10)." }),
  cursor: z.string().optional().openapi({ description: "`nextCursor` of the previous page." }),
  searchQuery: z.string().optional().openapi({ description: "Case-insensitive search in asset names." }),
  sortBy: z.enum(ASSET_SORTS).optional().openapi({ description: "Order (default dateDesc)." }),
  types: enumListQuerySchema(ASSET_TYPES, "AUDIO, VIDEO, IMAGE: comma-separated, repeated, or a JSON array."),
});

export const AssetIdParamSchema = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "550e8400-e29b-41d4-a716-446655440000" }),
});

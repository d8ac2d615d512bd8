/**
 * Zod schemas of the Assets API.
 */
import { z } from "@hono/zod-openapi";
import { enumListQuerySchema } from "../../http/query.js";
import { ASSET_TYPES, ASSET_VISIBILITIES } from "./assets.store.js";

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
  // Checked by the handler, which answers a non-UUID with 400 invalid_asset_id_format rather than zod's generic 400.
  id: z.string().openapi({ param: { name: "id", in: "path" }, format: "uuid", example: "550e8400-e29b-41d4-a716-446655440000" }),
});

export const AssetVisibilitySchema = z.enum(ASSET_VISIBILITIES).openapi("AssetVisibility");

export const CreateAssetRequestSchema = z
  .object({
    url: z.url().openapi({ description: "A public URL of the media, or the `url` POST /v2/assets/upload returned (after the PUT)." }),
    type: AssetTypeSchema,
    name: z.string().min(1).max(255).optional().openapi({ description: "Default: the URL's file name." }),
    projectId: z.uuid().optional(),
    visibility: AssetVisibilitySchema.optional().openapi({ description: "Default ORGANIZATION." }),
  })
  .openapi("CreateAssetDto");

export const UpdateAssetRequestSchema = z
  .object({
    name: z.string().min(1).max(255).optional(),
    visibility: AssetVisibilitySchema.optional(),
    durationSeconds: z.number().min(0).optional(),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    format: z.string().min(1).max(32).optional(),
    width: z.number().int().min(1).max(65_535).optional(),
    height: z.number().int().min(1).max(65_535).optional(),
  })
  .openapi("UpdateAssetDto");

export const AssetsByIdsRequestSchema = z
  .object({
    ids: z.union([z.uuid(), z.array(z.uuid()).min(1).max(100)]).openapi({ description: "One asset id, or 1-100 of them." }),
  })
  .openapi("GetAssetsByIdsDto");

export const CountAssetsQuerySchema = ListAssetsQuerySchema.pick({ projectId: true, searchQuery: true, types: true });

/** The largest file POST /v2/assets/upload presigns (5 GB), whatever the plan. */
export const MAX_UPLOAD_DECLARED_BYTES = 5 * 1024 * 1024 * 1024;

export const CreateUploadRequestSchema = z
  .object({
    fileName: z.string().min(1).max(255).openapi({ example: "talking-head.mp4" }),
    contentType: z
      .string()
      .regex(/^(video|audio|image)\/[\w.+-]+$/i, "contentType must be a video/*, audio/* or image/* MIME type")
      .openapi({ example: "video/mp4" }),
    size: z.number().int().min(1).max(MAX_UPLOAD_DECLARED_BYTES).openapi({ description: "Bytes the PUT will send (at most 5 GB)." }),
  })
  .openapi("CreateUploadDto");

export const CreateUploadResponseSchema = z
  .object({
    uploadUrl: z.string().openapi({ description: "Presigned URL: PUT the bytes there, with the same Content-Type, no API key." }),
    url: z.string().openapi({ description: "Where the file is served once uploaded; usable as an input `url` or with POST /v2/assets." }),
    expiresIn: z.number().int().openapi({ description: "Seconds the uploadUrl stays valid, on the key's clock." }),
  })
  .openapi("CreateUploadResponse");

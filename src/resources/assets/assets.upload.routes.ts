/**
 * The upload flow's two operations: the presign (Sync's API) and the PUT to the presigned URL (the storage's,
 * served by the mock itself, answering errors in S3's XML shape).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../http/errors.js";
import { API_KEY_SECURITY, KEYED_ROUTE_ERRORS } from "../../http/openapi.js";
import { CreateUploadRequestSchema, CreateUploadResponseSchema } from "./assets.schemas.js";

export const createUploadRoute = createRoute({
  method: "post",
  path: "/v2/assets/upload",
  operationId: "AssetsController_createUpload",
  tags: ["Assets API"],
  summary: "Presign the upload of one file: PUT its bytes to uploadUrl, then use url (or register it with POST /v2/assets)",
  security: API_KEY_SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: CreateUploadRequestSchema } } } },
  responses: {
    201: { description: "The presigned upload", content: { "application/json": { schema: CreateUploadResponseSchema } } },
    ...errorResponses("malformed_json", "payload_too_large", "file_size_exceeds_plan_limit", ...KEYED_ROUTE_ERRORS),
  },
});

const S3ErrorSchema = z.string().openapi({
  description: "S3's XML error: <Error><Code>AccessDenied | SignatureDoesNotMatch | EntityTooLarge | IncompleteBody</Code><Message>…</Message></Error>",
});

// Deviation: the real uploadUrl is an S3 presigned URL on Sync's bucket; the mock serves it itself.
export const putUploadRoute = createRoute({
  method: "put",
  path: "/uploads/{id}/{name}",
  operationId: "Storage_putObject",
  tags: ["Assets API"],
  summary: "The presigned upload URL (storage, not the Sync API): PUT exactly the declared bytes, with the declared Content-Type and no API key",
  request: {
    params: z.object({
      id: z.string().openapi({ param: { name: "id", in: "path" } }),
      name: z.string().openapi({ param: { name: "name", in: "path" } }),
    }),
    body: { required: true, content: { "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) } } },
  },
  responses: {
    200: { description: "Stored (ETag: the MD5 of the bytes, quoted)" },
    400: { description: "More or fewer bytes than presigned (EntityTooLarge, IncompleteBody)", content: { "application/xml": { schema: S3ErrorSchema } } },
    403: { description: "Expired, forged, or another Content-Type (AccessDenied, SignatureDoesNotMatch)", content: { "application/xml": { schema: S3ErrorSchema } } },
    ...errorResponses("internal_error"),
  },
});

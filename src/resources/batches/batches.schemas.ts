/**
 * Zod schemas of the Batch API, named after the real API's components (TS SDK `BatchResponse`,
 * `BatchMetrics`, `BatchStatus`, `ValidationResponse`). They type the handlers and generate
 * `openapi/openapi.json`; the multipart form is documented here but read by busboy, not by zod.
 */
import { z } from "@hono/zod-openapi";
import { BATCH_STATUSES } from "../../domain/batch-machine.js";
import { enumListQuerySchema } from "../../http/query.js";
import { CreateGenerationDtoSchema, GenerationSchema, GenerationStatusSchema } from "../generations/generations.schemas.js";

export const BatchStatusSchema = z.enum(BATCH_STATUSES).openapi("BatchStatus", {
  description: "PENDING → JOBS_CREATED → PROCESSING → COMPLETED (whatever the items' outcomes); FAILED when the batch fails as a whole.",
});

export const BatchMetricsSchema = z
  .object({
    total_generations: z.number().int().openapi({ description: "Generation requests in the batch (its non-empty lines)." }),
    success_count: z.number().int().openapi({ description: "Items COMPLETED." }),
    failed_count: z.number().int().openapi({ description: "Items FAILED or REJECTED." }),
    pending_count: z.number().int().openapi({ description: "Items still pending or processing." }),
  })
  .openapi("BatchMetrics");

export const BatchResponseSchema = z
  .object({
    id: z.string().openapi({ example: "batch_3f6c1d1e-8a51-4a43-9d0b-4b1f7b8f2a10" }),
    created_at: z.iso.datetime().openapi({ example: "2026-01-15T10:30:00.000Z" }),
    status: BatchStatusSchema,
    metrics: BatchMetricsSchema,
    webhookUrl: z.string().nullable().openapi({ description: "The `webhook_url` sent at creation, or null." }),
    outputUrl: z.string().openapi({ description: 'Public URL of the JSONL result file once COMPLETED or FAILED; `""` before.' }),
  })
  .openapi("BatchResponse");

export type BatchJson = z.infer<typeof BatchResponseSchema>;

export const ValidationResponseSchema = z
  .object({ status: z.literal("VALIDATED").openapi({ description: "The file passed every check (dry run); nothing was created." }) })
  .openapi("ValidationResponse");

export const CreateBatchResponseSchema = z.union([BatchResponseSchema, ValidationResponseSchema]).openapi("CreateBatchResponse");

/** A valid batch file of the smallest size: 20 lines of the batch guide's request. */
const EXAMPLE_BATCH_FILE = Array.from({ length: 20 }, (_, i) =>
  JSON.stringify({
    request_id: `request-${i + 1}`,
    endpoint: "/v2/generate",
    payload: {
      model: "lipsync-2",
      input: [
        { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
        { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
      ],
    },
  }),
).join("\n");

/** The multipart form of POST /v2/batch, for the document only (the body is streamed, not parsed by zod). */
export const CreateBatchRequestSchema = z
  .object({
    input: z.string().optional().openapi({
      type: "string",
      format: "binary",
      example: EXAMPLE_BATCH_FILE,
      description:
        "JSONL file, one request per line: `{request_id, endpoint: \"/v2/generate\", payload: CreateGenerationDto}`. " +
        "20 to 500 non-empty lines, at most 5 MB (defaults; the scenario may change them). Required (or sent as `file`).",
    }),
    file: z.string().optional().openapi({ type: "string", format: "binary", description: "The same JSONL file under its other accepted name." }),
    webhook_url: z.string().optional().openapi({ description: "Absolute http(s) URL to notify when the batch completes or fails." }),
    dry_run: z.enum(["true", "false"]).optional().openapi({ description: "`true`: only validate the file; answers `{\"status\":\"VALIDATED\"}`." }),
  })
  .openapi("CreateBatchRequest");

export const BatchIdParamSchema = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "batch_3f6c1d1e-8a51-4a43-9d0b-4b1f7b8f2a10" }),
});

export const ListBatchesQuerySchema = z.object({
  status: enumListQuerySchema(BATCH_STATUSES, "Batch status to keep (also a comma list, repeated keys or a JSON array)."),
  // Documented as RFC 3339 date-times, which the mock accepts; it also takes a bare date and a missing offset.
  created_after: z.string().optional().openapi({ format: "date-time", description: "Keep batches created after this ISO-8601 date-time (UTC when no offset is given)." }),
  created_before: z.string().optional().openapi({ format: "date-time", description: "Keep batches created before this ISO-8601 date-time (UTC when no offset is given)." }),
});

export const BatchResultTokenQuerySchema = z.object({
  token: z.string().optional().openapi({ description: "The token from the batch's `outputUrl`." }),
});

/** One line of the result file, in the shape of Sync's batch guide (seed 001). */
export const BatchResultLineSchema = z
  .object({
    request_id: z.string(),
    endpoint: z.string().openapi({ example: "/v2/generate" }),
    payload: z.record(z.string(), z.unknown()).openapi({ description: "The line's payload as sent." }),
    status: GenerationStatusSchema,
    error: z
      .object({ code: z.string(), message: z.string() })
      .nullable()
      .openapi({ description: "Null when COMPLETED; the failure code and message otherwise." }),
    // A union, not .nullable(): the OpenAPI generator drops the null of a nullable reference.
    response: z
      .union([GenerationSchema, z.null()])
      .openapi({ description: "The generation (as GET /v2/generate/{id} shows it) when COMPLETED; null otherwise." }),
    updated_at: z.iso.datetime().openapi({ description: "When the item reached its final status." }),
  })
  .openapi("BatchResultLine");

export type BatchResultLineJson = z.infer<typeof BatchResultLineSchema>;

/** The POST sent to a batch's `webhook_url` when it is done: seed 001's payload, camelCase throughout. */
export const BatchNotificationSchema = z
  .object({
    id: z.string(),
    createdAt: z.iso.datetime(),
    status: BatchStatusSchema,
    webhookUrl: z.string().nullable(),
    metrics: z.object({
      totalGenerations: z.number().int(),
      successCount: z.number().int(),
      failedCount: z.number().int(),
      pendingCount: z.number().int(),
    }),
    options: z.record(z.string(), z.unknown()),
    outputUrl: z.string(),
  })
  .openapi("BatchNotification");

export type BatchNotificationJson = z.infer<typeof BatchNotificationSchema>;

/** One row of "Create Batch from Rows": what one line of the JSONL file holds. */
export const BatchRowSchema = z
  .object({
    request_id: z.string().min(1).openapi({ description: "Unique within the batch; names the row in the result file." }),
    endpoint: z.literal("/v2/generate"),
    payload: CreateGenerationDtoSchema,
  })
  .openapi("BatchRow");

export const CreateBatchFromRowsRequestSchema = z
  .object({
    rows: z.array(BatchRowSchema).min(20).max(500).openapi({
      description: "20 to 500 rows (defaults; the scenario may change them), at most 5 MB written as JSONL. Problems name `line N` for `rows[N-1]`.",
    }),
    webhook_url: z.string().optional().openapi({ description: "Absolute http(s) URL to notify when the batch completes or fails." }),
    dry_run: z.boolean().optional().openapi({ description: "`true`: only validate the rows; answers `{\"status\":\"VALIDATED\"}`." }),
  })
  .openapi("CreateBatchFromRowsRequest");

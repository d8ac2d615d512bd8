/**
 * The Batch API's operations (facts §6, contract §7): paths, parameters, bodies and every documented answer,
 * plus the public result file.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY } from "../../http/openapi.js";
import {
  BatchIdParamSchema,
  BatchResponseSchema,
  BatchResultTokenQuerySchema,
  CreateBatchFromRowsRequestSchema,
  CreateBatchRequestSchema,
  CreateBatchResponseSchema,
  ListBatchesQuerySchema,
} from "./batches.schemas.js";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

export const createBatchRoute = createRoute({
  method: "post",
  path: "/v2/batch",
  operationId: "BatchController_createBatch",
  tags: ["Batch API"],
  summary: "Create a batch from a JSONL file or from rows (Scale and Enterprise plans), or validate one with dry_run",
  security: API_KEY_SECURITY,
  request: {
    body: {
      required: true,
      content: {
        "multipart/form-data": { schema: CreateBatchRequestSchema },
        "application/json": { schema: CreateBatchFromRowsRequestSchema },
      },
    },
  },
  responses: {
    201: json(CreateBatchResponseSchema, "The batch, status PENDING; or `{\"status\":\"VALIDATED\"}` for a valid dry run"),
    ...errorResponses(
      "batch_validation_failed",
      "bad_multipart",
      "malformed_json",
      "missing_api_key",
      "invalid_api_key",
      "plan_feature_unavailable",
      "batch_concurrency_limit_reached",
      "internal_error",
    ),
  },
});

export const getBatchRoute = createRoute({
  method: "get",
  path: "/v2/batch/{id}",
  operationId: "BatchController_getBatch",
  tags: ["Batch API"],
  summary: "Get a batch: status, metrics and (once done) the result file URL",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { params: BatchIdParamSchema },
  responses: {
    200: json(BatchResponseSchema, "The batch"),
    ...errorResponses("missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "batch_not_found", "internal_error"),
  },
});

export const listBatchesRoute = createRoute({
  method: "get",
  path: "/v2/batch",
  operationId: "BatchController_listBatches",
  tags: ["Batch API"],
  summary: "List batches, newest first",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { query: ListBatchesQuerySchema },
  responses: {
    200: json(z.array(BatchResponseSchema), "Matching batches, newest first (a bare array)"),
    ...errorResponses("invalid_query", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"),
  },
});

export const batchResultRoute = createRoute({
  method: "get",
  path: "/v2/batches/{id}/result",
  operationId: "BatchesController_result",
  tags: ["Results"],
  summary: "Download a finished batch's result file (public; one BatchResultLine per input line)",
  request: { params: BatchIdParamSchema, query: BatchResultTokenQuerySchema },
  responses: {
    200: {
      description: "JSON Lines, one `BatchResultLine` per input line, in input order",
      content: { "application/x-ndjson": { schema: z.string().openapi({ description: "JSON Lines of BatchResultLine" }) } },
    },
    ...errorResponses("invalid_query", "result_not_found"),
  },
});

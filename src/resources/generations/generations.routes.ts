/**
 * The Generate API's operations: paths, parameters, bodies and every documented answer.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../http/errors.js";
import { API_KEY_SECURITY } from "../../http/openapi.js";
import { requireTenant } from "../../http/middleware/auth.js";
import {
  CreateGenerationDtoSchema,
  EstimateCostRequestSchema,
  EstimateCostResponseSchema,
  EstimatedGenerationCostSchema,
  GenerationIdParamSchema,
  GenerationSchema,
  GetGenerationQuerySchema,
  ListGenerationsQuerySchema,
  ModelSchema,
} from "./generations.schemas.js";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** The multipart form of POST /v2/generate, for the document only (the body is streamed, not parsed by zod). */
export const CreateGenerationWithFilesSchema = z
  .object({
    model: ModelSchema,
    video: z.string().optional().openapi({ type: "string", format: "binary", description: "Video file (takes the place of a video URL input)." }),
    audio: z.string().optional().openapi({ type: "string", format: "binary", description: "Audio file (takes the place of an audio URL input)." }),
    image: z.string().optional().openapi({ type: "string", format: "binary", description: "Image file (sync-3 only)." }),
    input: z.string().optional().openapi({ description: "JSON of one input item per part, or one JSON array of items." }),
    options: z.string().optional().openapi({ description: "JSON of GenerationOptions." }),
    segments: z.string().optional().openapi({ description: "JSON array of GenerationSegment." }),
    webhookUrl: z.string().optional(),
    outputFileName: z.string().optional(),
  })
  .openapi("CreateGenerationWithFiles");

export const createGenerationRoute = createRoute({
  method: "post",
  path: "/v2/generate",
  operationId: "GenerateController_createGeneration",
  tags: ["Generate API"],
  summary: "Create a generation (JSON, or multipart with files)",
  security: API_KEY_SECURITY,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: CreateGenerationDtoSchema },
        "multipart/form-data": { schema: CreateGenerationWithFilesSchema },
      },
    },
  },
  responses: {
    201: json(GenerationSchema, "Generation created, status PENDING"),
    ...errorResponses("malformed_json", "bad_multipart", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "asset_not_found", "payload_too_large", "upload_too_large", "concurrency_limit_reached", "internal_error"),
  },
});

export const getGenerationRoute = createRoute({
  method: "get",
  path: "/v2/generate/{id}",
  operationId: "GenerateController_getGeneration",
  tags: ["Generate API"],
  summary: "Get a generation (optionally long-polling until it is done)",
  security: API_KEY_SECURITY,
  request: { params: GenerationIdParamSchema, query: GetGenerationQuerySchema },
  responses: {
    200: {
      ...json(GenerationSchema, "The generation"),
      headers: {
        "X-Sync-Wait-Mode": { schema: { type: "string" }, description: "`long_poll` when `wait=true`" },
        "X-Sync-Wait-Timeout-Seconds": { schema: { type: "string" }, description: "The long-poll timeout used" },
        "Retry-After": { schema: { type: "string" }, description: "Suggested seconds before polling again (long-poll)" },
      },
    },
    ...errorResponses("invalid_generation_id", "invalid_query", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "generation_not_found", "internal_error"),
  },
});

export const listGenerationsRoute = createRoute({
  method: "get",
  path: "/v2/generations",
  operationId: "GenerationsController_list",
  tags: ["Generate API"],
  summary: "List generations, newest first",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { query: ListGenerationsQuerySchema },
  responses: {
    200: json(z.array(GenerationSchema), "Matching generations, newest first (a bare array)"),
    ...errorResponses("invalid_query", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"),
  },
});

export const analyzeCostRoute = createRoute({
  method: "post",
  path: "/v2/analyze/cost",
  operationId: "AnalyzeController_estimateCost",
  tags: ["Generate API"],
  summary: "Estimate the cost of a generation request",
  security: API_KEY_SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: CreateGenerationDtoSchema } } } },
  responses: {
    200: json(z.array(EstimatedGenerationCostSchema), "One estimate"),
    ...errorResponses("malformed_json", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "asset_not_found", "payload_too_large", "internal_error"),
  },
});

export const estimateCostRoute = createRoute({
  method: "post",
  path: "/v2/generations/estimate",
  operationId: "GenerationsController_estimate",
  tags: ["Generate API"],
  summary: "Estimate cost from a model, a duration and a frame rate",
  security: API_KEY_SECURITY,
  request: { body: { required: true, content: { "application/json": { schema: EstimateCostRequestSchema } } } },
  responses: {
    200: json(EstimateCostResponseSchema, "The estimate"),
    ...errorResponses("malformed_json", "missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "payload_too_large", "internal_error"),
  },
});

/** The older alias of {@link estimateCostRoute}. */
export const estimateCostAliasRoute = createRoute({
  ...estimateCostRoute,
  path: "/v2/generate/estimate-cost",
  operationId: "GenerateController_estimateCost",
  summary: "Estimate cost (alias of POST /v2/generations/estimate)",
});

/** The POST the mock sends to a generation's `webhookUrl` when it is done (an OpenAPI 3.1 webhook). */
export const generationWebhook = {
  method: "post" as const,
  path: "generation",
  operationId: "generationNotification",
  tags: ["Webhooks"],
  summary: "Sent to webhookUrl when a generation is COMPLETED, FAILED or REJECTED",
  description:
    "Compact JSON of the Generation (GenerationNotification). Header `Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" with the webhook secret>`. One attempt by default; a 2xx answer counts as delivered.",
  request: { body: { content: { "application/json": { schema: GenerationSchema } } } },
  responses: { 200: { description: "Any 2xx answer acknowledges the delivery" } },
};

/**
 * The newest, organization-scoped generation operations (facts §2.9): get, delete, the download URL and a count.
 * The mock has no organizations; a key is its own organization, so these see exactly the key's generations.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { GENERATION_STATUSES } from "../../domain/job-machine.js";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY, KEYED_ROUTE_ERRORS } from "../../http/openapi.js";
import { enumListQuerySchema } from "../../http/query.js";
import { getGenerationRoute } from "./generations.routes.js";
import { GenerationIdParamSchema, GenerationSchema, ListGenerationsQuerySchema } from "./generations.schemas.js";

/** GET /v2/generations/{id}: the same answer as GET /v2/generate/{id}, long poll included. */
export const getOrgGenerationRoute = createRoute({
  ...getGenerationRoute,
  path: "/v2/generations/{id}",
  operationId: "GenerationsController_getById",
  summary: "Get a generation by id (organization-scoped)",
});

export const deleteGenerationRoute = createRoute({
  method: "delete",
  path: "/v2/generations/{id}",
  operationId: "GenerationsController_delete",
  tags: ["Generate API"],
  summary: "Delete a finished generation (COMPLETED, FAILED or REJECTED); its outputUrl stops serving",
  security: API_KEY_SECURITY,
  request: { params: GenerationIdParamSchema },
  responses: {
    200: { description: "Generation deleted successfully (the generation as it was)", content: { "application/json": { schema: GenerationSchema } } },
    ...errorResponses("invalid_generation_id", "generation_not_found", "generation_not_deletable_while_processing", "generation_conflict", ...KEYED_ROUTE_ERRORS),
  },
});

export const downloadGenerationRoute = createRoute({
  method: "get",
  path: "/v2/generations/{id}/download",
  operationId: "GenerationsController_download",
  tags: ["Generate API"],
  summary: "The download URL of a completed generation's output, as an unquoted URL in a text/plain body",
  security: API_KEY_SECURITY,
  request: { params: GenerationIdParamSchema },
  responses: {
    200: { description: "The URL (fetch it without the API key)", content: { "text/plain": { schema: z.string().openapi({ format: "uri" }) } } },
    ...errorResponses("invalid_generation_id", "generation_not_found", "generation_conflict", ...KEYED_ROUTE_ERRORS),
  },
});

const PRODUCT_SURFACES = ["studio_lite", "studio_advanced", "studio_assistant", "ios", "premiere-plugin", "resolve-plugin", "mcp", "chatgpt", "claude", "gemini", "api"] as const;

export const CountGenerationsQuerySchema = ListGenerationsQuerySchema.pick({ ids: true })
  .extend({
    status: enumListQuerySchema(GENERATION_STATUSES, "Statuses to count: comma-separated, repeated, or a JSON array."),
    type: z.enum(["playground", "api"]).optional().openapi({ description: "Studio (playground) or API generations; every mock generation is an API one." }),
    source: z.union([z.string(), z.array(z.string())]).optional().openapi({ description: "Source labels (the mock records none, so any value counts nothing)." }),
    generationSource: z.enum(PRODUCT_SURFACES).optional().openapi({ description: "Product surface; every mock generation was made through the API." }),
    currentUserOnly: z.enum(["true", "false"]).optional().openapi({ description: "Only the current user's (a key is its own user here)." }),
  });

export const countGenerationsRoute = createRoute({
  method: "get",
  path: "/v2/generations/count",
  operationId: "GenerationsController_count",
  tags: ["Generate API"],
  summary: "Count generations (all filters combined)",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  request: { query: CountGenerationsQuerySchema },
  responses: {
    200: { description: "How many match", content: { "application/json": { schema: z.object({ count: z.number().int() }).openapi("GenerationCount") } } },
    ...errorResponses("invalid_query", ...KEYED_ROUTE_ERRORS),
  },
});

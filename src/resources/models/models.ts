/**
 * The Models API: the five public models (facts §2.6, §8.2). Static data, so schema, route, handler and data
 * share one small file.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY } from "../../http/openapi.js";

export const ModelInfoSchema = z
  .object({
    id: z.string().openapi({ example: "lipsync-2" }),
    name: z.string().openapi({ example: "lipsync-2" }),
    type: z.enum(["lipsync", "react"]).openapi("ModelType"),
    version: z.string().openapi({ example: "2.0.0" }),
    description: z.string().optional(),
  })
  .openapi("ModelInfo");

type ModelInfo = z.infer<typeof ModelInfoSchema>;

// Deviation: the real values of `id`, `version` and `description` are not published; `id` is the model name.
export const MODELS: readonly ModelInfo[] = [
  { id: "sync-3", name: "sync-3", type: "lipsync", version: "3.0.0", description: "Newest model: 4K, automatic occlusion handling, accepts image input." },
  { id: "lipsync-2-pro", name: "lipsync-2-pro", type: "lipsync", version: "2.0.0", description: "lipsync-2 with diffusion super-resolution for fine detail." },
  { id: "lipsync-2", name: "lipsync-2", type: "lipsync", version: "2.0.0", description: "General-purpose zero-shot lip-sync." },
  { id: "lipsync-1.9.0-beta", name: "lipsync-1.9.0-beta", type: "lipsync", version: "1.9.0", description: "Legacy fast model." },
  { id: "react-1", name: "react-1", type: "react", version: "1.0.0", description: "Lip-sync with emotion and head movement; inputs up to 15 s." },
];

export const listModelsRoute = createRoute({
  method: "get",
  path: "/v2/models",
  operationId: "ModelsController_list",
  tags: ["Models API"],
  summary: "List the available models",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  responses: {
    200: { description: "Active models", content: { "application/json": { schema: z.array(ModelInfoSchema) } } },
    ...errorResponses("missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"),
  },
});

/** Adds the Models API to `app`. */
export function mountModels(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listModelsRoute, (c) => c.json([...MODELS], 200));
}

/**
 * `GET /v2/errors`: the error catalogue, unauthenticated (facts §2.9). Built from the one error module, so it lists
 * exactly the codes the mock answers with (see `http/error-catalogue.ts`).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { errorCatalogue } from "../../http/error-catalogue.js";
import { errorResponses } from "../../http/errors.js";

export const ErrorCatalogEntrySchema = z
  .object({
    code: z.string().openapi({ example: "generation_not_found" }),
    message: z.string(),
    suggestion: z.string().openapi({ description: "A fix a client (or an agent) can act on." }),
  })
  .openapi("ErrorCatalogEntry");

export const listErrorsRoute = createRoute({
  method: "get",
  path: "/v2/errors",
  operationId: "ErrorsController_list",
  tags: ["Errors API"],
  summary: "The catalogue of error codes, with messages and suggested fixes (no API key needed)",
  responses: {
    200: { description: "Every errorCode the API answers with", content: { "application/json": { schema: z.array(ErrorCatalogEntrySchema) } } },
    ...errorResponses("internal_error"),
  },
});

/** Adds the Errors API to `app`. */
export function mountErrors(app: OpenAPIHono<AppEnv>): void {
  // The catalogue never changes while the process runs: built once.
  const catalogue = errorCatalogue();
  app.openapi(listErrorsRoute, (c) => c.json(catalogue, 200));
}

/**
 * Public result downloads: the URL in a COMPLETED generation's `outputUrl` serves a real, playable MP4 with
 * Range support, to anyone holding the token, without an API key (as the real API's result URLs).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { statusAt } from "../../domain/job-machine.js";
import type { AppEnv } from "../../env.js";
import { apiError, errorResponses } from "../../http/errors.js";
import { serveBytes } from "../../http/range.js";

const binary = z.string().openapi({ type: "string", format: "binary" });

export const generationResultRoute = createRoute({
  method: "get",
  path: "/v2/generations/{id}/result",
  operationId: "GenerationsController_result",
  tags: ["Results"],
  summary: "Download a completed generation's output video (public; Range supported)",
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }),
    query: z.object({ token: z.string().optional().openapi({ description: "The token from `outputUrl`." }) }),
  },
  responses: {
    200: { description: "The MP4", content: { "video/mp4": { schema: binary } } },
    206: { description: "The requested byte range", content: { "video/mp4": { schema: binary } } },
    ...errorResponses("invalid_query", "result_not_found", "range_not_satisfiable"),
  },
});

/** Adds the public result routes to `app`. */
export function mountResults(app: OpenAPIHono<AppEnv>): void {
  app.openapi(generationResultRoute, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid("param");
    const { token } = c.req.valid("query");
    const tenant = await deps.tenants.generationOwner(id);
    const record = await tenant?.generations.get(id);
    if (!tenant || !record || record.resultToken !== token || statusAt(record.timeline, tenant.now()) !== "COMPLETED") {
      throw apiError("result_not_found");
    }
    // Deviation: every completed generation serves the same 2-second clip, whatever its outputDuration.
    const fileName = `${record.outputFileName ?? record.id}.mp4`;
    return serveBytes(c, { buffer: deps.resultVideo }, "video/mp4", {
      "Content-Disposition": `inline; filename="${fileName}"`,
    }) as never;
  });
}

/**
 * Mounts the Batch API and its public result file on the app.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { tenantStep } from "../../http/middleware/auth.js";
import { mountDocumented } from "../../http/openapi.js";
import { batchResultHandler, createBatchHandler, getBatchHandler, listBatchesHandler } from "./batches.handlers.js";
import { batchResultRoute, createBatchRoute, getBatchRoute, listBatchesRoute } from "./batches.routes.js";
import { BatchNotificationSchema, BatchResultLineSchema } from "./batches.schemas.js";

/** The POST the mock sends to a batch's `webhook_url` when it is done (an OpenAPI 3.1 webhook). */
const batchWebhook = {
  method: "post" as const,
  path: "batch",
  operationId: "batchNotification",
  tags: ["Webhooks"],
  summary: "Sent to webhook_url when a batch is COMPLETED or FAILED",
  description: "Seed 001's camelCase payload, signed like the generation webhook (`Sync-Signature`).",
  request: { body: { content: { "application/json": { schema: BatchNotificationSchema } } } },
  responses: { 200: { description: "Any 2xx answer acknowledges the delivery" } },
};

/** Adds the Batch API routes to `app`. */
export function mountBatches(app: OpenAPIHono<AppEnv>): void {
  // POST /v2/batch streams its multipart body itself (busboy), so zod documents it but does not read it.
  mountDocumented(app, createBatchRoute, tenantStep, createBatchHandler);
  app.openapi(getBatchRoute, getBatchHandler);
  app.openapi(listBatchesRoute, listBatchesHandler);
  app.openapi(batchResultRoute, batchResultHandler);
  // The lines of the result file are not a JSON response, so their schema is registered by hand.
  app.openAPIRegistry.register("BatchResultLine", BatchResultLineSchema);
  app.openAPIRegistry.registerWebhook(batchWebhook);
}

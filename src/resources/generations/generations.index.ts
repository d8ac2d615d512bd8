/**
 * Mounts the Generate API on the app.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { mountDocumented } from "../../http/openapi.js";
import {
  analyzeCostHandler,
  createGenerationHandler,
  estimateCostHandler,
  getGenerationHandler,
  listGenerationsHandler,
} from "./generations.handlers.js";
import {
  analyzeCostRoute,
  createGenerationRoute,
  estimateCostAliasRoute,
  estimateCostRoute,
  generationWebhook,
  getGenerationRoute,
  listGenerationsRoute,
} from "./generations.routes.js";

/** Adds the Generate API routes (and the generation webhook's description) to `app`. */
export function mountGenerations(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerWebhook(generationWebhook);
  mountDocumented(app, createGenerationRoute, requireTenant, createGenerationHandler);
  mountDocumented(app, getGenerationRoute, requireTenant, getGenerationHandler);
  app.openapi(listGenerationsRoute, listGenerationsHandler);
  mountDocumented(app, analyzeCostRoute, requireTenant, analyzeCostHandler);
  mountDocumented(app, estimateCostRoute, requireTenant, estimateCostHandler);
  mountDocumented(app, estimateCostAliasRoute, requireTenant, estimateCostHandler);
}

/**
 * Mounts the Generate API on the app.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { tenantStep } from "../../http/middleware/auth.js";
import { mountDocumented } from "../../http/openapi.js";
import {
  analyzeCostHandler,
  createGenerationHandler,
  estimateCostHandler,
  getGenerationHandler,
  listGenerationsHandler,
} from "./generations.handlers.js";
import { countGenerationsHandler, deleteGenerationHandler, downloadGenerationHandler } from "./generations.manage.handlers.js";
import { countGenerationsRoute, deleteGenerationRoute, downloadGenerationRoute, getOrgGenerationRoute } from "./generations.manage.routes.js";
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
  mountDocumented(app, createGenerationRoute, tenantStep, createGenerationHandler);
  mountDocumented(app, getGenerationRoute, tenantStep, getGenerationHandler);
  app.openapi(listGenerationsRoute, listGenerationsHandler);
  // Before /v2/generations/{id}, which would take "count" for an id.
  app.openapi(countGenerationsRoute, countGenerationsHandler);
  mountDocumented(app, getOrgGenerationRoute, tenantStep, getGenerationHandler);
  mountDocumented(app, deleteGenerationRoute, tenantStep, deleteGenerationHandler);
  mountDocumented(app, downloadGenerationRoute, tenantStep, downloadGenerationHandler);
  mountDocumented(app, analyzeCostRoute, tenantStep, analyzeCostHandler);
  mountDocumented(app, estimateCostRoute, tenantStep, estimateCostHandler);
  mountDocumented(app, estimateCostAliasRoute, tenantStep, estimateCostHandler);
}

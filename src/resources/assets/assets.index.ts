/**
 * Mounts the Assets API on the app.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { tenantStep } from "../../http/middleware/auth.js";
import { mountDocumented } from "../../http/openapi.js";
import { assetFileHandler, getAssetHandler, listAssetsHandler } from "./assets.handlers.js";
import { assetsByIdsHandler, countAssetsHandler, createAssetHandler, deleteAssetHandler, downloadAssetHandler, updateAssetHandler } from "./assets.manage.handlers.js";
import { assetsByIdsRoute, countAssetsRoute, createAssetRoute, deleteAssetRoute, downloadAssetRoute, updateAssetRoute } from "./assets.manage.routes.js";
import { assetFileRoute, getAssetRoute, listAssetsRoute } from "./assets.routes.js";
import { createUploadHandler, putUploadHandler } from "./assets.upload.js";
import { createUploadRoute, putUploadRoute } from "./assets.upload.routes.js";

/** Adds the Assets API routes (and the upload URL's storage route) to `app`. */
export function mountAssets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listAssetsRoute, listAssetsHandler);
  mountDocumented(app, createAssetRoute, tenantStep, createAssetHandler);
  mountDocumented(app, createUploadRoute, tenantStep, createUploadHandler);
  mountDocumented(app, assetsByIdsRoute, tenantStep, assetsByIdsHandler);
  // Before /v2/assets/{id}, which would take "count" for an id.
  app.openapi(countAssetsRoute, countAssetsHandler);
  app.openapi(getAssetRoute, getAssetHandler);
  mountDocumented(app, updateAssetRoute, tenantStep, updateAssetHandler);
  mountDocumented(app, deleteAssetRoute, tenantStep, deleteAssetHandler);
  mountDocumented(app, downloadAssetRoute, tenantStep, downloadAssetHandler);
  app.openapi(assetFileRoute, assetFileHandler);
  mountDocumented(app, putUploadRoute, putUploadHandler);
}

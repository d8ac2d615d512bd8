/**
 * Mounts the Assets API on the app.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { assetFileHandler, getAssetHandler, listAssetsHandler } from "./assets.handlers.js";
import { assetFileRoute, getAssetRoute, listAssetsRoute } from "./assets.routes.js";

/** Adds the Assets API routes to `app`. */
export function mountAssets(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listAssetsRoute, listAssetsHandler);
  app.openapi(getAssetRoute, getAssetHandler);
  app.openapi(assetFileRoute, assetFileHandler);
}

/**
 * GET /docs: an interactive reference of the Sync API document (and, from a drop-down, the admin document),
 * rendered by Swagger UI served from the installed package, so it works with no network access.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "../env.js";
import { staticFiles } from "../http/static-files.js";

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve("swagger-ui-dist/package.json"));
const ASSETS: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>sync-mock: Sync API reference</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      urls: [
        { url: "/openapi.json", name: "Sync API (v2)" },
        { url: "/__mock/openapi.json", name: "sync-mock admin" }
      ],
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    });
  </script>
</body>
</html>`;

/** Adds `/docs` and its static assets to `app`. */
export function mountDocs(app: Hono<AppEnv>): void {
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/assets/:file", staticFiles({ dir: SWAGGER_DIR, types: ASSETS, cacheControl: "public, max-age=3600" }));
}

/**
 * GET /: where everything is. A browser gets a short page of links (the inspector, the API reference, the
 * documents); any other client gets the same as JSON.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.js";
import { VERSION } from "../version.js";

const LINKS = [
  { rel: "inspector", href: "/__mock/ui", title: "Inspector: requests, jobs, webhooks, clock and scenario, live" },
  { rel: "docs", href: "/docs", title: "API reference (Swagger UI)" },
  { rel: "openapi", href: "/openapi.json", title: "Sync API OpenAPI document" },
  { rel: "admin-openapi", href: "/__mock/openapi.json", title: "Admin API OpenAPI document" },
  { rel: "health", href: "/__mock/health", title: "Health and state summary" },
] as const;

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sync-mock</title><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body{font:15px/1.5 system-ui,sans-serif;color:#1b1f24;max-width:40rem;margin:3rem auto;padding:0 1rem}a{color:#0b5cad}</style></head>
<body><main><h1>sync-mock ${VERSION}</h1><p>A local stand-in for the Sync lip-sync API: point a client's base URL here (<code>/v2</code>).</p>
<ul>${LINKS.map((l) => `<li><a href="${l.href}">${l.title}</a></li>`).join("")}</ul></main></body></html>`;

// Deviation: the real API's root is not part of its documented surface; the mock's points at its own tools.
/** The answer to GET /. */
export function landing(c: Context<AppEnv>): Response {
  if ((c.req.header("accept") ?? "").includes("text/html")) return c.html(PAGE);
  return c.json({ name: "sync-mock", version: VERSION, links: LINKS }, 200);
}

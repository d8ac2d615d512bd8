/**
 * Writes openapi/openapi.json (the Sync API) and openapi/admin.openapi.json (the admin plane) from the zod
 * schemas. `npm run openapi` after changing a schema; a test fails while the committed files are stale.
 */
import { writeFileSync } from "node:fs";
import { adminOpenApiDocument } from "../src/admin/admin.index.js";
import { openApiDocument } from "../src/app.js";

/** The documents and where they are committed. */
export function documents(): Array<{ path: string; document: unknown }> {
  return [
    { path: "openapi/openapi.json", document: openApiDocument() },
    { path: "openapi/admin.openapi.json", document: adminOpenApiDocument() },
  ];
}

/** How a document is written to disk (stable, diff-friendly). */
export function render(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  for (const { path, document } of documents()) {
    writeFileSync(new URL(`../${path}`, import.meta.url), render(document));
    console.log(`wrote ${path}`);
  }
}

/**
 * Writes the generated documents from the zod schemas: openapi/openapi.json (the Sync API),
 * openapi/admin.openapi.json (the admin plane), scenarios/scenario.schema.json (scenario files, for editor
 * completion) and openapi/state.schema.json (state snapshots). `npm run generate` after changing a schema; a test fails while the committed files are stale.
 */
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { adminOpenApiDocument } from "../src/admin/admin.index.js";
import { openApiDocument } from "../src/app.js";
import { stateJsonSchema } from "../src/admin/state.schema.js";
import { ScenarioSchema } from "../src/scenarios/scenario.schema.js";

/** The JSON Schema of scenario files (what may be written, so defaults are optional). */
export function scenarioJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(ScenarioSchema, { io: "input", target: "draft-7" }),
    title: "sync-mock scenario",
    description: "A scenario file of sync-mock: plans by key, timing, media, outcome rules, limits and webhook policy.",
  };
}

/** The documents and where they are committed. */
export function documents(): Array<{ path: string; document: unknown }> {
  return [
    { path: "openapi/openapi.json", document: openApiDocument() },
    { path: "openapi/admin.openapi.json", document: adminOpenApiDocument() },
    { path: "scenarios/scenario.schema.json", document: scenarioJsonSchema() },
    { path: "openapi/state.schema.json", document: stateJsonSchema() },
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

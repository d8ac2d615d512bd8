import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { documents, render } from "../scripts/generate.js";

describe("generated documents", () => {
  it.each(documents().map((d) => [d.path, d.document] as const))("%s is up to date with the zod schemas (run `npm run generate`)", (path, document) => {
    const committed = readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
    expect(committed).toBe(render(document));
  });

  it.each(documents().filter((d) => d.path.endsWith("openapi.json")).map((d) => [d.path] as const))("%s is a valid OpenAPI 3.1 document", async (path) => {
    const parsed = await SwaggerParser.validate(new URL(`../${path}`, import.meta.url).pathname);
    expect((parsed as { openapi?: string }).openapi).toBe("3.1.0");
  });

  it("documents every operation with an operationId, a success response and the errors it can answer", () => {
    const doc = JSON.parse(readFileSync(new URL("../openapi/openapi.json", import.meta.url), "utf8"));
    for (const [path, item] of Object.entries<Record<string, { operationId?: string; responses: Record<string, unknown>; security?: unknown[] }>>(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        expect(operation.operationId, name).toBeTruthy();
        expect(Object.keys(operation.responses).some((s) => s.startsWith("2")), name).toBe(true);
        if (operation.security) expect(Object.keys(operation.responses), name).toContain("401");
      }
    }
  });
});

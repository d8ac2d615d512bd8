/**
 * The README's examples stay true: every scenario snippet in it loads.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenarios/load.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README", () => {
  it("has scenario examples", () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(yamlBlocks.map((block, i) => [i, block] as const))("scenario example %i is a valid scenario", (_i, block) => {
    expect(() => parseScenario(block, "README example")).not.toThrow();
  });
});

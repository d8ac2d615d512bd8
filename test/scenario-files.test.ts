/**
 * The shipped scenario files: each loads, and each fits the committed JSON Schema that editors use.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, SHIPPED_SCENARIOS_DIR } from "../src/scenarios/load.js";

const files = readdirSync(SHIPPED_SCENARIOS_DIR).filter((f) => f.endsWith(".yaml"));
const schema = JSON.parse(readFileSync(new URL("../scenarios/scenario.schema.json", import.meta.url), "utf8"));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe("shipped scenarios", () => {
  it("are the five the README documents", () => {
    expect(files.sort()).toEqual(["default.yaml", "failures.yaml", "instant.yaml", "rate-limited.yaml", "realistic.yaml"]);
  });

  it.each(files)("%s loads and is named after its file", (file) => {
    expect(loadScenarioFile(`${SHIPPED_SCENARIOS_DIR}${file}`).name).toBe(file.replace(/\.yaml$/, ""));
  });

  it.each(files)("%s fits scenarios/scenario.schema.json and points editors at it", (file) => {
    const text = readFileSync(`${SHIPPED_SCENARIOS_DIR}${file}`, "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./scenario.schema.json");
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it("has a JSON Schema that catches a misspelt field, as the loader does", () => {
    expect(validate({ timing: { pendingMS: 5 } })).toBe(false);
  });
});

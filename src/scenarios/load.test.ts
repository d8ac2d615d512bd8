import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, loadScenarioLibrary, mergeScenarioData, parseScenario, ScenarioError } from "./load.js";

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sync-mock-scenarios-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("mergeScenarioData", () => {
  it("merges objects field by field, puts the child's list entries first, and lets the child's values win", () => {
    expect(mergeScenarioData({ a: 1, o: { x: 1, y: 2 }, l: [1, 2] }, { a: 2, o: { y: 3 }, l: [0] })).toEqual({ a: 2, o: { x: 1, y: 3 }, l: [0, 1, 2] });
  });
});

describe("parseScenario", () => {
  it("fills in defaults for an empty file", () => {
    expect(parseScenario("", "empty.yaml")).toMatchObject({ defaultPlan: "scale", keys: [], media: { rules: [] } });
  });

  it("extends a shipped scenario: inherits its key plans and media cards, puts its own first", () => {
    const scenario = parseScenario("name: mine\nextends: default\nmedia:\n  rules:\n    - { match: '*mine*', durationSeconds: 3 }\n", "mine.yaml");
    expect(scenario.name).toBe("mine");
    expect(scenario.keys.find((k) => k.match === "free_*")?.plan).toBe("free");
    expect(scenario.media.rules[0]).toEqual({ match: "*mine*", durationSeconds: 3 });
    expect(scenario.media.rules.some((r) => r.match === "*unreachable*")).toBe(true);
  });

  it.each([
    ["not YAML", "a: [1, 2", "bad.yaml: not valid YAML or JSON"],
    ["an unknown field", "colour: blue", "bad.yaml: (root): Unrecognized key: \"colour\""],
    ["a misspelt nested field", "timing:\n  pendingMS: 5", 'bad.yaml: timing: Unrecognized key: "pendingMS"'],
    ["a wrong type", "timing:\n  pendingMs: soon", "bad.yaml: timing.pendingMs: Invalid input: expected number, received string"],
    ["a negative duration", "timing:\n  pendingMs: -1", "bad.yaml: timing.pendingMs: Too small"],
    ["an unknown plan", "keys:\n  - { match: 'x*', plan: platinum }", "bad.yaml: keys.0.plan: Invalid option"],
    ["a key rule that does nothing", "keys:\n  - { match: 'x*' }", "bad.yaml: keys.0: a key rule needs"],
    ["an unknown base", "extends: nope", 'bad.yaml: extends: no scenario named "nope"'],
  ])("refuses %s, naming the file and the field", (_name, text, message) => {
    expect(() => parseScenario(text, "bad.yaml")).toThrow(ScenarioError);
    expect(() => parseScenario(text, "bad.yaml")).toThrow(message);
  });
});

describe("loadScenarioFile", () => {
  it("names a scenario after its file when it has no name, and finds bases beside it", () => {
    const dir = dirWith({ "base.yaml": "name: base\ndefaultPlan: free\n", "child.yml": "extends: base\n" });
    expect(loadScenarioFile(join(dir, "child.yml"))).toMatchObject({ name: "child", defaultPlan: "free" });
  });

  it("refuses a cycle of extends", () => {
    const dir = dirWith({ "a.yaml": "name: a\nextends: b\n", "b.yaml": "name: b\nextends: a\n" });
    expect(() => loadScenarioFile(join(dir, "a.yaml"))).toThrow(/a → b → a|b → a → b/);
  });
});

describe("loadScenarioLibrary", () => {
  it("has every shipped scenario, and those of extra directories by name", () => {
    const dir = dirWith({ "team.yaml": "name: team-special\nextends: default\n" });
    const library = loadScenarioLibrary([dir]);
    expect(library.has("default")).toBe(true);
    expect(library.get("team-special")?.keys.length).toBeGreaterThan(0);
  });
});

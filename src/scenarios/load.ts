/**
 * Reading scenario files. A file that does not parse or does not fit the schema is refused with one line that
 * names the file and the path of the bad field. A scenario may `extends:` another by name; its own fields win,
 * and its lists of rules come before the base's (first match wins, so the child's rules take precedence).
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { PACKAGE_ROOT_URL } from "../package-root.js";
import { ScenarioSchema, type Scenario } from "./scenario.schema.js";

/** The directory of the scenarios shipped with sync-mock. */
export const SHIPPED_SCENARIOS_DIR = fileURLToPath(new URL("scenarios/", PACKAGE_ROOT_URL));

/** The scenario used when none is given. */
export const DEFAULT_SCENARIO_PATH = join(SHIPPED_SCENARIOS_DIR, "default.yaml");

/** A scenario file that cannot be used, with a message fit for one line of output. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** Finds the raw (unvalidated) data of a named scenario, for `extends`. */
export type BaseLookup = (name: string) => { data: unknown; source: string } | undefined;

type Raw = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges scenario data: objects field by field, lists with the child's entries first, anything else the child's. */
export function mergeScenarioData(base: unknown, child: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(child)) {
    const out: Raw = { ...base };
    for (const [key, value] of Object.entries(child)) out[key] = key in base ? mergeScenarioData(base[key], value) : value;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(child)) return [...child, ...base];
  return child === undefined ? base : child;
}

function parseText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: false }) ?? {};
  } catch (e) {
    throw new ScenarioError(`${source}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
}

function resolveExtends(data: unknown, source: string, lookup: BaseLookup | undefined, seen: string[] = []): unknown {
  if (!isPlainObject(data) || data.extends === undefined) return data;
  const name = data.extends;
  if (typeof name !== "string") throw new ScenarioError(`${source}: extends: must be the name of a scenario`);
  if (seen.includes(name)) throw new ScenarioError(`${source}: extends: ${[...seen, name].join(" → ")} is a cycle`);
  const base = lookup?.(name);
  if (!base) throw new ScenarioError(`${source}: extends: no scenario named "${name}"`);
  const { extends: _extends, ...own } = data;
  const resolvedBase = resolveExtends(base.data, base.source, lookup, [...seen, name]);
  // The base's name must not leak into the child: a child without a name is still its own scenario.
  const { name: _baseName, description: _baseDescription, ...inherited } = isPlainObject(resolvedBase) ? resolvedBase : {};
  return mergeScenarioData(inherited, own);
}

/** Validates scenario data; `source` names it in errors. */
export function validateScenario(data: unknown, source: string, lookup?: BaseLookup): Scenario {
  const result = ScenarioSchema.safeParse(resolveExtends(data, source, lookup));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join(".") : "(root)";
      return `${path}: ${issue.message}`;
    });
    throw new ScenarioError(`${source}: ${problems.join("; ")}`);
  }
  return result.data;
}

/** Parses scenario text (YAML, which includes JSON). */
export function parseScenario(text: string, source: string, lookup: BaseLookup = shippedLookup()): Scenario {
  return validateScenario(parseText(text, source), source, lookup);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`${path}: cannot read scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** The raw scenarios of some directories, by name (the file's `name`, else its base name); earlier dirs win. */
export function rawScenariosIn(dirs: readonly string[]): Map<string, { data: unknown; source: string }> {
  const found = new Map<string, { data: unknown; source: string }>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => SCENARIO_FILE.test(f) && !f.endsWith(".schema.json")).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const source = join(dir, file);
      const data = parseText(readText(source), source);
      const name = isPlainObject(data) && typeof data.name === "string" ? data.name : basename(file, extname(file));
      if (!found.has(name)) found.set(name, { data, source });
    }
  }
  return found;
}

/** `extends` lookup over the shipped scenarios and, first, the given directories. */
export function shippedLookup(extraDirs: readonly string[] = []): BaseLookup {
  let cache: Map<string, { data: unknown; source: string }> | undefined;
  return (name) => (cache ??= rawScenariosIn([...extraDirs, SHIPPED_SCENARIOS_DIR])).get(name);
}

/** Reads and parses a scenario file (named after the file if it has no `name`); `extends` looks in its own directory, then in the shipped scenarios. */
export function loadScenarioFile(path: string = DEFAULT_SCENARIO_PATH): Scenario {
  const data = parseText(readText(path), path);
  const named = isPlainObject(data) && data.name === undefined ? { ...data, name: basename(path, extname(path)) } : data;
  return validateScenario(named, path, shippedLookup([dirname(path)]));
}

/** Every usable scenario of some directories (plus the shipped ones), by name, for the `x-mock-scenario` header. */
export function loadScenarioLibrary(extraDirs: readonly string[] = []): Map<string, Scenario> {
  const lookup = shippedLookup(extraDirs);
  const library = new Map<string, Scenario>();
  for (const [name, { data, source }] of rawScenariosIn([...extraDirs, SHIPPED_SCENARIOS_DIR])) {
    const scenario = validateScenario(data, source, lookup);
    library.set(name, isPlainObject(data) && typeof data.name === "string" ? scenario : { ...scenario, name });
  }
  return library;
}

/**
 * What `--scenario` names: a file (a path, or anything ending in .yaml/.yml/.json), or else a shipped
 * scenario by name (`--scenario instant`). Returns the scenario and the directory of further named ones.
 */
export function resolveScenarioArgument(value: string | undefined): { scenario: Scenario; dirs: string[] } {
  if (value === undefined) return { scenario: loadScenarioFile(), dirs: [] };
  if (value.includes("/") || SCENARIO_FILE.test(value)) return { scenario: loadScenarioFile(value), dirs: [dirname(value)] };
  const library = loadScenarioLibrary();
  const scenario = library.get(value);
  if (!scenario) throw new ScenarioError(`${value}: no such scenario file, and no shipped scenario of that name (${[...library.keys()].join(", ")})`);
  return { scenario, dirs: [] };
}

/**
 * Reading scenario files. A file that does not parse or does not fit the schema is refused with one line that
 * names the file and the path of the bad field.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { ScenarioSchema, type Scenario } from "./scenario.schema.js";

/** The scenario used when none is given. */
export const DEFAULT_SCENARIO_PATH = fileURLToPath(new URL("../../scenarios/default.yaml", import.meta.url));

/** A scenario file that cannot be used, with a message fit for one line of output. */
export class ScenarioError extends Error {
  override name = "ScenarioError";
}

/** Parses scenario text (YAML, which includes JSON). `source` names it in errors. */
export function parseScenario(text: string, source: string): Scenario {
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw new ScenarioError(`${source}: not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const result = ScenarioSchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join(".") : "(root)";
      return `${path}: ${issue.message}`;
    });
    throw new ScenarioError(`${source}: ${problems.join("; ")}`);
  }
  return result.data;
}

/** Reads and parses a scenario file. */
export function loadScenarioFile(path: string = DEFAULT_SCENARIO_PATH): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ScenarioError(`${path}: cannot read scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseScenario(text, path);
}

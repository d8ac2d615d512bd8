/**
 * `once`/`times` counts in Redis, shared by every replica: a rule is named by the scenario it belongs to (the
 * version the registry gave it when it was put in force, or a hash of its content) and its place in it, and its
 * use is counted by a script that refuses it past its limit.
 */
import { createHash } from "node:crypto";
import type { RedisTenantRef } from "../resources/generations/generations.redis-store.js";
import type { RuleUses } from "./decide.js";
import type { RuleUseStore } from "./rule-uses.js";
import type { Scenario } from "./scenario.schema.js";

const scenarioNames = new WeakMap<Scenario, string>();
const rulePlaces = new WeakMap<Scenario, Map<object, string>>();
const NO_USES: RuleUses = { count: () => 0 };

/** Names a scenario the registry put in force (every replica that loads that version gives it the same name). */
export function nameScenario(scenario: Scenario, name: string): void {
  scenarioNames.set(scenario, name);
}

function scenarioName(scenario: Scenario): string {
  let name = scenarioNames.get(scenario);
  if (name === undefined) {
    name = `h${createHash("sha1").update(JSON.stringify(scenario)).digest("hex").slice(0, 16)}`;
    scenarioNames.set(scenario, name);
  }
  return name;
}

/** Where each rule with a limit of uses is in the scenario (its path), found once per scenario. */
function countedRules(scenario: Scenario): Map<object, string> {
  let places = rulePlaces.get(scenario);
  if (places) return places;
  places = new Map();
  const walk = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object") return;
    const rule = value as { once?: unknown; times?: unknown };
    if (rule.once === true || typeof rule.times === "number") places!.set(value, path);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}/${key}`);
  };
  walk(scenario, "");
  rulePlaces.set(scenario, places);
  return places;
}

function field(scenario: Scenario, rule: object): string {
  return `${scenarioName(scenario)}${countedRules(scenario).get(rule) ?? "?"}`;
}

/** One tenant's rule counts in Redis. */
export class RedisRuleUses implements RuleUseStore {
  constructor(private readonly ref: RedisTenantRef) {}

  snapshot(scenario: Scenario): RuleUses | Promise<RuleUses> {
    // Most scenarios count nothing: no round trip for them.
    if (countedRules(scenario).size === 0) return NO_USES;
    return this.ref.conn.redis.hgetall(this.ref.keys.epoch(this.ref.epoch, "rules")).then((counts) => ({
      count: (rule: object) => Number(counts[field(scenario, rule)] ?? 0),
    }));
  }

  claim(scenario: Scenario, rule: object, limit: number | undefined): boolean | Promise<boolean> {
    // Only limits are read from the counts: a rule without one needs no count.
    if (limit === undefined) return true;
    return this.#claim(scenario, rule, limit);
  }

  async #claim(scenario: Scenario, rule: object, limit: number): Promise<boolean> {
    const claimed = await this.ref.conn.script<number>("smClaimRule", this.ref.epoch, field(scenario, rule), limit);
    return claimed === 1;
  }
}

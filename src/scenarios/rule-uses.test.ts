import { describe, expect, it } from "vitest";
import { decideCounted, RuleCounter, type RuleUseStore } from "./rule-uses.js";
import type { Scenario } from "./scenario.schema.js";

const scenario = {} as Scenario;
const once = { once: true as const, name: "once" };
const fallback = { name: "fallback" };
// Picks the first rule not yet spent, as the engine does.
const pick = (rules: object[]) => (uses: { count(rule: object): number }) => {
  const rule = rules.find((r) => uses.count(r) < ((r as { once?: boolean }).once ? 1 : Number.POSITIVE_INFINITY));
  return rule && { rule };
};

describe("decideCounted", () => {
  it("is synchronous over counts kept in memory", () => {
    const uses = new RuleCounter();
    expect(decideCounted(uses, scenario, pick([once, fallback]))).toEqual({ rule: once });
    expect(decideCounted(uses, scenario, pick([once, fallback]))).toEqual({ rule: fallback });
  });

  it("decides again with the rule spent when another request claimed its last use first", async () => {
    // A store whose snapshot is stale: it says `once` is unused, but claiming it fails (another replica won).
    const store: RuleUseStore = {
      snapshot: async () => ({ count: () => 0 }),
      claim: async (_s, rule) => rule !== once,
    };
    expect(await decideCounted(store, scenario, pick([once, fallback]))).toEqual({ rule: fallback });
  });

  it("gives no rule when every claim is lost", async () => {
    const store: RuleUseStore = { snapshot: () => ({ count: () => 0 }), claim: async () => false };
    expect(await decideCounted(store, scenario, () => ({ rule: once }))).toBeUndefined();
  });
});

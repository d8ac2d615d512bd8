import { describe, expect, it } from "vitest";
import { decideHttp, decideLifecycle, ruleMatches, type LifecycleDecision, type RequestFacts } from "./decide.js";
import { decideCounted, RuleCounter } from "./rule-uses.js";
import type { Scenario } from "./scenario.schema.js";
import { OutcomeRuleSchema, type OutcomeRule } from "./rules.schema.js";

const rule = (r: unknown): OutcomeRule => OutcomeRuleSchema.parse(r);
const facts = (f: Partial<RequestFacts> = {}): RequestFacts => ({
  endpoint: "POST /v2/generate",
  headers: {},
  model: "lipsync-2",
  inputUrls: ["https://cdn.test/v.mp4", "https://cdn.test/a.wav"],
  options: { sync_mode: "loop" },
  ...f,
});
const never = () => 0.99;

describe("ruleMatches", () => {
  it.each<[string, unknown, Partial<RequestFacts>, boolean]>([
    ["an empty match", {}, {}, true],
    ["the endpoint", { endpoint: "POST /v2/generate" }, {}, true],
    ["another endpoint", { endpoint: "POST /v2/batch" }, {}, false],
    ["an endpoint glob", { endpoint: "GET /v2/generate/*" }, { endpoint: "GET /v2/generate/abc" }, true],
    ["one of several endpoints", { endpoint: ["POST /v2/batch", "POST /v2/generate"] }, {}, true],
    ["the model", { model: "lipsync-2" }, {}, true],
    ["another model", { model: ["sync-3", "react-1"] }, {}, false],
    ["any input URL", { inputUrl: "*/a.wav" }, {}, true],
    ["no input URL", { inputUrl: "*/nope*" }, {}, false],
    ["a request_id", { requestId: "req-*" }, { requestId: "req-7" }, true],
    ["a request_id on a single create", { requestId: "*" }, {}, false],
    ["a header glob", { headers: { "X-Case": "fail-*" } }, { headers: { "x-case": "fail-3" } }, true],
    ["a missing header", { headers: { "x-case": "*" } }, {}, false],
    ["an option value", { options: { sync_mode: "loop" } }, {}, true],
    ["another option value", { options: { sync_mode: "bounce" } }, {}, false],
    ["an absent option as null", { options: { temperature: null } }, {}, true],
    ["all fields at once", { model: "lipsync-2", inputUrl: "*v.mp4", options: { sync_mode: "loop" } }, {}, true],
  ])("matches on %s: %s", (_name, match, f, expected) => {
    expect(ruleMatches(rule({ match, complete: {} }), facts(f))).toBe(expected);
  });
});

describe("decideLifecycle", () => {
  it("lets the first matching rule win", () => {
    const rules = [rule({ match: { inputUrl: "*fail*" }, fail: { code: "generation_pipeline_failed" } }), rule({ reject: { code: "x" } }), rule({ complete: {} })];
    expect(decideLifecycle(rules, facts({ inputUrls: ["https://x/fail.mp4"] }), new RuleCounter(), never)).toMatchObject({ kind: "fail", code: "generation_pipeline_failed" });
    expect(decideLifecycle(rules, facts(), new RuleCounter(), never)).toMatchObject({ kind: "reject", code: "x" });
  });

  it.each<[unknown, object]>([
    [{ fail: { code: "generation_timeout", message: "too slow" } }, { kind: "fail", code: "generation_timeout", message: "too slow" }],
    [{ reject: { code: "generation_plan_duration_exceeded" } }, { kind: "reject", code: "generation_plan_duration_exceeded" }],
    [{ complete: {} }, { kind: "complete" }],
    [{ stuck: "PROCESSING" }, { kind: "stuck", state: "PROCESSING" }],
  ])("turns %j into a decision", (r, expected) => {
    expect(decideLifecycle([rule(r)], facts(), new RuleCounter(), never)).toMatchObject(expected);
  });

  it("ignores HTTP rules", () => {
    expect(decideLifecycle([rule({ respond: { status: 500 } })], facts(), new RuleCounter(), never)).toBeUndefined();
  });

  it("spends once and times rules as their uses are counted", () => {
    const uses = new RuleCounter();
    const rules = [rule({ once: true, fail: { code: "a" } }), rule({ times: 2, fail: { code: "b" } }), rule({ complete: {} })];
    const kinds = Array.from({ length: 5 }, () => {
      const d = decideCounted(uses, {} as Scenario, (counts) => decideLifecycle(rules, facts(), counts, never)) as LifecycleDecision | undefined;
      return d?.kind === "fail" ? d.code : d?.kind;
    });
    expect(kinds).toEqual(["a", "b", "b", "complete", "complete"]);
  });

  it("applies a probability with the given dice", () => {
    const rules = [rule({ probability: 0.5, fail: { code: "coin" } })];
    expect(decideLifecycle(rules, facts(), new RuleCounter(), () => 0.49)).toMatchObject({ code: "coin" });
    expect(decideLifecycle(rules, facts(), new RuleCounter(), () => 0.5)).toBeUndefined();
  });
});

describe("decideHttp", () => {
  it.each<[unknown, object]>([
    [{ respond: { status: 503, delayMs: 10 } }, { kind: "respond", status: 503, delayMs: 10 }],
    [{ reset: true }, { kind: "reset" }],
    [{ latencyMs: 250 }, { kind: "latency", delayMs: 250 }],
  ])("turns %j into a decision", (r, expected) => {
    expect(decideHttp([rule(r)], facts(), new RuleCounter(), never)).toMatchObject(expected);
  });

  it("ignores lifecycle rules", () => {
    expect(decideHttp([rule({ fail: { code: "x" } })], facts(), new RuleCounter(), never)).toBeUndefined();
  });
});

describe("rule schema", () => {
  it.each<[unknown, string]>([
    [{ match: {} }, "exactly one of"],
    [{ fail: { code: "a" }, complete: {} }, "exactly one of"],
    [{ respond: { status: 503 }, match: { model: "sync-3" } }, "can only match endpoint and headers"],
    [{ once: true, times: 2, complete: {} }, "times or once"],
    [{ stuck: "COMPLETED" }, "stuck"],
    [{ complete: {}, probability: 2 }, "probability"],
    [{ complete: {}, match: { nonsense: 1 } }, "nonsense"],
  ])("refuses %j", (r, message) => {
    const result = OutcomeRuleSchema.safeParse(r);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

/**
 * The scenario engine: a pure function from the facts of a request, the rules and how often each rule has
 * been used, to what should happen. First match wins; `times`/`once` rules stop matching once spent; a rule
 * with a probability applies only when the (seedable) dice say so.
 */
import { globMatch } from "../domain/glob.js";
import { isHttpRule, type BatchRule, type OutcomeRule } from "./rules.schema.js";

/** What is known about a request when rules are checked. */
export interface RequestFacts {
  /** "METHOD /path", e.g. "POST /v2/generate". */
  readonly endpoint: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly model?: string | undefined;
  readonly inputUrls?: readonly string[] | undefined;
  readonly requestId?: string | undefined;
  readonly options?: Readonly<Record<string, unknown>> | null | undefined;
}

/**
 * How often each rule has been applied (kept per API key by the caller). The engine only reads the counts;
 * the caller counts the use of the rule it picked (see `rule-uses.ts`), atomically where several replicas race.
 */
export interface RuleUses {
  count(rule: object): number;
}

/** A lifecycle script for a new generation. */
export type LifecycleDecision =
  | { readonly kind: "fail" | "reject"; readonly code: string; readonly message?: string | undefined; readonly rule: OutcomeRule }
  | { readonly kind: "complete"; readonly rule: OutcomeRule }
  | { readonly kind: "stuck"; readonly state: "PENDING" | "PROCESSING"; readonly rule: OutcomeRule };

/** An HTTP answer that replaces (or delays) the real one. */
export type HttpDecision =
  | { readonly kind: "respond"; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> | undefined; readonly delayMs: number; readonly rule: OutcomeRule }
  | { readonly kind: "reset"; readonly rule: OutcomeRule }
  | { readonly kind: "latency"; readonly delayMs: number; readonly rule: OutcomeRule };

const list = (value: string | readonly string[] | undefined) => (value === undefined ? undefined : typeof value === "string" ? [value] : value);
const anyGlob = (globs: readonly string[], text: string | undefined) => text !== undefined && globs.some((g) => globMatch(g, text));

/** Whether a rule's `match` holds for the facts (probability and uses aside). */
export function ruleMatches(rule: OutcomeRule, facts: RequestFacts): boolean {
  const m = rule.match;
  const endpoints = list(m.endpoint);
  if (endpoints && !anyGlob(endpoints, facts.endpoint)) return false;
  const models = list(m.model);
  if (models && !anyGlob(models, facts.model)) return false;
  const urls = list(m.inputUrl);
  if (urls && !(facts.inputUrls ?? []).some((u) => anyGlob(urls, u))) return false;
  const requestIds = list(m.requestId);
  if (requestIds && !anyGlob(requestIds, facts.requestId)) return false;
  for (const [name, glob] of Object.entries(m.headers ?? {})) {
    if (!anyGlob([glob], facts.headers[name.toLowerCase()])) return false;
  }
  for (const [name, value] of Object.entries(m.options ?? {})) {
    if ((facts.options?.[name] ?? null) !== value) return false;
  }
  return true;
}

function pick(rules: readonly OutcomeRule[], facts: RequestFacts, uses: RuleUses, random: () => number, http: boolean): OutcomeRule | undefined {
  for (const rule of rules) {
    if (isHttpRule(rule) !== http) continue;
    const limit = ruleLimit(rule);
    if (limit !== undefined && uses.count(rule) >= limit) continue;
    if (!ruleMatches(rule, facts)) continue;
    if (rule.probability !== undefined && !(random() < rule.probability)) continue;
    return rule;
  }
  return undefined;
}

/**
 * The lifecycle rule for a generation about to be created, if any. Generations are created by
 * "POST /v2/generate" and, for batch items, "POST /v2/batch"; a rule without `endpoint` applies to both.
 */
export function decideLifecycle(rules: readonly OutcomeRule[], facts: RequestFacts, uses: RuleUses, random: () => number): LifecycleDecision | undefined {
  const rule = pick(rules, facts, uses, random, false);
  if (!rule) return undefined;
  if (rule.fail) return { kind: "fail", code: rule.fail.code, message: rule.fail.message, rule };
  if (rule.reject) return { kind: "reject", code: rule.reject.code, message: rule.reject.message, rule };
  if (rule.stuck) return { kind: "stuck", state: rule.stuck, rule };
  return { kind: "complete", rule };
}

/** The HTTP fault for a request, if any. */
export function decideHttp(rules: readonly OutcomeRule[], facts: RequestFacts, uses: RuleUses, random: () => number): HttpDecision | undefined {
  const rule = pick(rules, facts, uses, random, true);
  if (!rule) return undefined;
  if (rule.respond) return { kind: "respond", status: rule.respond.status, body: rule.respond.body, headers: rule.respond.headers, delayMs: rule.respond.delayMs ?? 0, rule };
  if (rule.reset) return { kind: "reset", rule };
  return { kind: "latency", delayMs: rule.latencyMs ?? 0, rule };
}

/** The batch rule that makes a new batch fail as a whole, if any (first match wins). */
export function decideBatch(
  rules: readonly BatchRule[],
  facts: { readonly headers: RequestFacts["headers"]; readonly requestIds: readonly string[] },
  uses: RuleUses,
): BatchRule | undefined {
  for (const rule of rules) {
    const limit = ruleLimit(rule);
    if (limit !== undefined && uses.count(rule) >= limit) continue;
    const headersMatch = Object.entries(rule.match.headers ?? {}).every(([name, glob]) => anyGlob([glob], facts.headers[name.toLowerCase()]));
    const ids = list(rule.match.requestId);
    if (!headersMatch || (ids && !facts.requestIds.some((id) => anyGlob(ids, id)))) continue;
    return rule;
  }
  return undefined;
}

/** A rule's label for the request journal: its name, or its place in the list. */
export function ruleLabel(scenario: { readonly rules: readonly OutcomeRule[]; readonly batchRules?: readonly BatchRule[] }, rule: OutcomeRule | BatchRule): string {
  if (rule.name) return rule.name;
  const index = scenario.rules.indexOf(rule as OutcomeRule);
  return index >= 0 ? `rules[${index}]` : `batchRules[${scenario.batchRules?.indexOf(rule as BatchRule) ?? -1}]`;
}

/** How many times a rule may apply: 1 for `once`, its `times`, or undefined (no limit). */
export function ruleLimit(rule: { readonly once?: boolean | undefined; readonly times?: number | undefined }): number | undefined {
  return rule.once ? 1 : rule.times;
}

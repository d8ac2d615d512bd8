/**
 * Outcome rules: ordered, first match wins (as MSW's handlers). A rule matches facts about a request and either
 * scripts the lifecycle of the generation it creates (fail, reject, complete, stuck) or answers the HTTP request
 * itself (respond, reset, latency).
 */
import { z } from "zod";

const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** What a rule looks at. Every field given must match. */
export const RuleMatchSchema = z.strictObject({
  endpoint: globs.optional().describe('Glob(s) over "METHOD /path", e.g. "POST /v2/generate", "GET /v2/generate/*". Generations made by a batch match "POST /v2/batch".'),
  model: globs.optional().describe("Model name(s) or globs."),
  inputUrl: globs.optional().describe("Glob(s): matches when any input's URL (or uploaded file's URL) matches one."),
  requestId: globs.optional().describe("Glob(s) over a batch line's request_id (never matches a single create)."),
  headers: z.record(z.string(), z.string()).optional().describe("Header name → glob over its value; all must match."),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional().describe("Option name → exact value; all must match."),
});

const failure = z.strictObject({
  code: z.string().min(1).describe("The error code the generation reports (error_code and errorCode)."),
  message: z.string().min(1).optional().describe("The error text (default: the catalogue's message for the code)."),
});

/** An HTTP answer given instead of the real one. */
export const RespondSchema = z.strictObject({
  status: z.number().int().min(100).max(599),
  body: z.unknown().optional().describe("JSON body (default: a Sync-shaped error body for the status)."),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().min(0).max(120_000).optional().describe("Real ms to wait before answering."),
});

const HTTP_ONLY_MATCH = new Set(["endpoint", "headers"]);

export const OutcomeRuleSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe("A label, shown in the request journal when the rule applies."),
    match: RuleMatchSchema.default({}),
    fail: failure.optional().describe("The generation ends FAILED with this code."),
    reject: failure.optional().describe("The generation ends REJECTED with this code."),
    complete: z.strictObject({}).optional().describe("The generation COMPLETES, whatever its media."),
    stuck: z.enum(["PENDING", "PROCESSING"]).optional().describe("The generation stays in this state for good."),
    respond: RespondSchema.optional().describe("Answer the request with this instead."),
    reset: z.literal(true).optional().describe("Drop the connection without answering."),
    latencyMs: z.number().min(0).max(120_000).optional().describe("Answer normally, this many real ms late."),
    times: z.number().int().min(1).optional().describe("Apply at most this many times per API key."),
    once: z.literal(true).optional().describe("Same as times: 1."),
    probability: z.number().min(0).max(1).optional().describe("Apply with this chance (repeatable with the scenario's seed)."),
  })
  .superRefine((rule, ctx) => {
    const actions = (["fail", "reject", "complete", "stuck", "respond", "reset", "latencyMs"] as const).filter((a) => rule[a] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({ code: "custom", message: `a rule needs exactly one of fail, reject, complete, stuck, respond, reset, latencyMs (found ${actions.length ? actions.join(", ") : "none"})` });
      return;
    }
    if (isHttpAction(actions[0]!)) {
      const extra = Object.keys(rule.match).filter((k) => !HTTP_ONLY_MATCH.has(k));
      if (extra.length) ctx.addIssue({ code: "custom", path: ["match"], message: `${actions[0]} rules can only match endpoint and headers (not ${extra.join(", ")})` });
    }
    if (rule.once && rule.times !== undefined) ctx.addIssue({ code: "custom", message: "give times or once, not both" });
  });

/** A rule as loaded. */
export type OutcomeRule = z.infer<typeof OutcomeRuleSchema>;

/** Whether an action answers the HTTP request (rather than scripting a generation). */
export function isHttpAction(action: string): action is "respond" | "reset" | "latencyMs" {
  return action === "respond" || action === "reset" || action === "latencyMs";
}

/** Whether a rule answers HTTP requests. */
export function isHttpRule(rule: OutcomeRule): boolean {
  return rule.respond !== undefined || rule.reset !== undefined || rule.latencyMs !== undefined;
}

/** A whole batch failing (status FAILED, every unfinished item ending with it): a scenario fault. */
export const BatchRuleSchema = z.strictObject({
  name: z.string().min(1).optional().describe("A label, shown in the request journal when the rule applies."),
  match: z
    .strictObject({
      headers: z.record(z.string(), z.string()).optional().describe("Header name → glob over its value; all must match."),
      requestId: globs.optional().describe("Glob(s): matches when any line's request_id matches one."),
    })
    .default({}),
  fail: z.strictObject({
    code: z.string().min(1).describe("The error code unfinished items report."),
    message: z.string().min(1).optional(),
    afterMs: z.number().min(0).default(0).describe("How long after the batch's items start it fails, in ms of the tenant's clock."),
  }),
  times: z.number().int().min(1).optional(),
  once: z.literal(true).optional(),
});

/** A batch rule as loaded. */
export type BatchRule = z.infer<typeof BatchRuleSchema>;

/**
 * The schema of scenario files (`scenarios/*.yaml`): data that decides plans, timing and media behaviour.
 * Strict objects, so a misspelt field is an error that names its path rather than a silent no-op.
 */
import { z } from "zod";
import { PLANS } from "../domain/plans.js";
import { TIMING_PRESETS } from "../domain/timing.js";
import { BatchRuleSchema, OutcomeRuleSchema } from "./rules.schema.js";

const PlanSchema = z.enum(PLANS);
const nonNegativeMs = z.number().min(0);

/** Which keys get which plan, or are refused. The first rule whose glob matches the key wins. */
export const KeyRuleSchema = z
  .strictObject({
    match: z.string().min(1).describe("Glob over the API key, e.g. `free_*`."),
    plan: PlanSchema.optional().describe("Plan for matching keys."),
    reject: z.boolean().optional().describe("Answer 401 Unauthorized for matching keys."),
    webhookSecret: z.string().min(1).optional().describe("Secret that signs this key's webhooks (default: the server's)."),
    limits: z
      .strictObject({
        concurrency: z.number().int().min(0).optional().describe("Generations in flight."),
        batchConcurrency: z.number().int().min(0).optional().describe("Batches running at once."),
        maxGenerationSeconds: z.number().min(0).optional().describe("Longest output; longer generations are REJECTED."),
        maxAssetBytes: z.number().int().positive().optional().describe("Largest file of one uploaded asset (422 file_size_exceeds_plan_limit)."),
      })
      .optional()
      .describe("Limits of matching keys, over their plan's."),
  })
  .refine((rule) => rule.plan !== undefined || rule.reject === true || rule.webhookSecret !== undefined || rule.limits !== undefined, {
    message: "a key rule needs `plan`, `reject: true`, `webhookSecret` or `limits`",
  });

/** How long each phase lasts. */
export const PhaseTimingSchema = z.strictObject({
  pendingMs: nonNegativeMs.optional().describe("Time in PENDING, in ms."),
  processingMs: nonNegativeMs.optional().describe("Time in PROCESSING, in ms."),
  processingMsPerOutputSecond: nonNegativeMs.optional().describe("Extra PROCESSING time per second of output, in ms."),
});

/** How long a batch itself waits before its items start (their own phases follow the generation timing). */
export const BatchTimingSchema = z.strictObject({
  pendingMs: nonNegativeMs.optional().describe("Time a batch stays PENDING before its items start their own PENDING phase, in ms (preset: 500)."),
});

/** Durations come from a preset unless set here; `progression: polls` moves a job one state per read instead. */
export const TimingSchema = z.strictObject({
  preset: z.enum(TIMING_PRESETS).default("fast").describe("instant: terminal at the first read; fast (default): 250 ms PENDING, 1 s PROCESSING; realistic: minutes, like the real service."),
  progression: z.enum(["time", "polls"]).default("time").describe("time: phases follow the clock; polls: each GET of a job (or its batch) moves it one state on."),
  pendingMs: nonNegativeMs.optional().describe("Time in PENDING, in ms."),
  processingMs: nonNegativeMs.optional().describe("Time in PROCESSING, in ms."),
  processingMsPerOutputSecond: nonNegativeMs.optional().describe("Extra PROCESSING time per second of output, in ms."),
  models: z.record(z.string(), PhaseTimingSchema).default({}).describe("Per-model overrides."),
  batch: BatchTimingSchema.prefault({}),
});

/** A request-rate limit, on the tenant's clock (the real API: POST /v2/generate 100/min, GET 600/min). */
export const RateLimitSchema = z.strictObject({
  endpoint: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('Glob(s) over "METHOD /path", e.g. "POST /v2/generate" or "GET /v2/*".'),
  limit: z.number().int().min(1).describe("Requests allowed per window, per API key."),
  windowMs: z.number().int().min(1).default(60_000).describe("The sliding window, in ms of the tenant's clock."),
});

export const MediaDefaultsSchema = z.strictObject({
  durationSeconds: z.number().min(0).default(10),
  fps: z.number().positive().default(25),
  reachable: z.boolean().default(true),
  valid: z.boolean().default(true),
});

export const MediaRuleSchema = z.strictObject({
  match: z.string().min(1).describe("Glob over the input URL (or an uploaded asset's file URL)."),
  durationSeconds: z.number().min(0).optional(),
  fps: z.number().positive().optional(),
  reachable: z.boolean().optional(),
  valid: z.boolean().optional(),
});

export const MediaSchema = z.strictObject({
  default: MediaDefaultsSchema.default({ durationSeconds: 10, fps: 25, reachable: true, valid: true }),
  rules: z.array(MediaRuleSchema).default([]),
});

/** The Batch API's file rules and running-batch limits (contract §7; older Sync docs allowed 1000 lines). */
export const BatchLimitsSchema = z
  .strictObject({
    minLines: z.number().int().min(1).default(20).describe("Fewest non-empty JSONL lines a batch file may have."),
    maxLines: z.number().int().min(1).default(500).describe("Most non-empty JSONL lines a batch file may have."),
    maxFileBytes: z.number().int().positive().default(5 * 1024 * 1024).describe("Largest batch file, in bytes."),
    concurrency: z
      .partialRecord(PlanSchema, z.number().int().min(0))
      .default({})
      .describe("Batches running at once per plan (defaults: scale 3, enterprise 10)."),
  })
  .refine((limits) => limits.minLines <= limits.maxLines, { message: "minLines must not be greater than maxLines", path: ["minLines"] });

export const LimitsSchema = z.strictObject({
  concurrency: z.partialRecord(PlanSchema, z.number().int().min(0)).default({}).describe("Generations in flight per plan."),
  maxUploadBytes: z.number().int().positive().default(20 * 1024 * 1024).describe("Per-file limit of multipart uploads."),
  assetBytes: z
    .partialRecord(PlanSchema, z.number().int().positive())
    .default({})
    .describe("Largest file of one asset uploaded with POST /v2/assets/upload, per plan (defaults: free 100 MB, hobbyist 500 MB, creator 1 GB, growth 2 GB, scale and enterprise 5 GB)."),
  maxJsonBytes: z.number().int().positive().default(1024 * 1024).describe("Largest JSON request body."),
  batch: BatchLimitsSchema.prefault({}),
});

/** Something to do wrong when delivering a webhook, to test a receiver. */
export const WebhookFaultSchema = z.strictObject({
  fault: z.enum(["drop", "delay", "duplicate", "reorder", "bad_signature"]).describe(
    "drop: never sent; delay: sent delayMs later on the clock; duplicate: sent twice; reorder: deliveries due together go out in reverse order; bad_signature: signed with a wrong secret.",
  ),
  url: z.string().min(1).optional().describe("Glob over the webhook URL; default every URL."),
  job: z.enum(["generation", "batch"]).optional().describe("Only webhooks of this kind of job."),
  delayMs: z.number().min(0).optional().describe("For `delay`: how long, in ms of the tenant's clock (default 5000)."),
});

/** How webhooks are delivered. The real API makes one attempt and documents no retries. */
export const WebhookPolicySchema = z.strictObject({
  sendRejected: z.boolean().default(true).describe("Also notify when a generation is REJECTED."),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000).describe("Per attempt, in real ms."),
  attempts: z.number().int().min(1).max(20).default(1).describe("Attempts in all (1 = no retries)."),
  backoffMs: z.number().min(0).default(1_000).describe("Clock time before the first retry."),
  backoffFactor: z.number().min(1).default(2).describe("Each further retry waits this many times longer."),
  faults: z.array(WebhookFaultSchema).default([]).describe("Every matching fault applies."),
});

export type WebhookPolicy = z.infer<typeof WebhookPolicySchema>;

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional().describe("For editors: the JSON Schema of this file."),
  name: z.string().min(1).default("unnamed"),
  description: z.string().optional(),
  extends: z.string().min(1).optional().describe("Name of a scenario this one builds on (its own fields win, its rules come first)."),
  seed: z.number().int().optional().describe("Makes ids, tokens and probabilistic rules repeat exactly from run to run."),
  defaultPlan: PlanSchema.default("scale").describe("Plan of keys no rule matches."),
  keys: z.array(KeyRuleSchema).default([]),
  timing: TimingSchema.prefault({}),
  media: MediaSchema.default({ default: { durationSeconds: 10, fps: 25, reachable: true, valid: true }, rules: [] }),
  limits: LimitsSchema.prefault({}),
  rules: z.array(OutcomeRuleSchema).default([]).describe("Ordered outcome rules; the first that matches applies."),
  batchRules: z.array(BatchRuleSchema).default([]).describe("Rules that make a whole batch FAIL; the first that matches applies."),
  rateLimits: z.array(RateLimitSchema).default([]).describe("Request-rate limits (none by default, as in most tests)."),
  webhooks: WebhookPolicySchema.prefault({}),
});

/** A loaded, validated scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>;

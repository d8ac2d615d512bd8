/**
 * Schemas of the admin plane (`/__mock`), documented in `/__mock/openapi.json`.
 */
import { z } from "@hono/zod-openapi";

export const AdminHealthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string(),
    uptimeSeconds: z.number(),
    clock: z.enum(["real", "manual"]),
    scenario: z.string(),
    tenants: z.number().int(),
    store: z
      .object({
        kind: z.enum(["memory", "redis"]),
        location: z.string().openapi({ description: "The Redis URL (without its password), or `this process`." }),
      })
      .openapi({ description: "Where the state is kept (`--store`)." }),
  })
  .openapi("AdminHealth");

export const ResetResultSchema = z
  .object({ scope: z.enum(["tenant", "all"]), tenantsRemoved: z.number().int() })
  .openapi("ResetResult");

export const ClockStateSchema = z
  .object({
    mode: z.enum(["real", "manual"]),
    now: z.iso.datetime().openapi({ description: "The time of the tenant of `x-api-key`, or of tenants without their own shift." }),
    globalShiftMs: z.number().openapi({ description: "How far every tenant's clock has been advanced." }),
    tenant: z
      .object({ apiKey: z.string(), shiftMs: z.number().openapi({ description: "How far this tenant alone has been advanced." }) })
      .optional(),
  })
  .openapi("ClockState");

// A clock past JavaScript's last date (year 275760) breaks every timestamp of every tenant; no test needs more
// than a century per call.
const MAX_ADVANCE_MS = 100 * 365.25 * 24 * 60 * 60 * 1000;

export const AdvanceClockSchema = z
  .strictObject({
    ms: z.number().min(0).max(MAX_ADVANCE_MS).optional().openapi({ description: "Milliseconds to move forward (at most 100 years)." }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: "Time to move to (needs x-api-key)." }),
  })
  .refine((b) => (b.ms === undefined) !== (b.to === undefined), { message: "give exactly one of ms or to" })
  .openapi("AdvanceClock");

export const DeliveryAttemptSchema = z
  .object({
    id: z.string(),
    tenant: z.string().openapi({ description: "The API key the job belongs to." }),
    jobId: z.string(),
    jobType: z.enum(["generation", "batch"]),
    event: z.string().openapi({ description: "The terminal status the notification reports." }),
    url: z.string(),
    attempt: z.number().int().min(1),
    redeliveryOf: z.string().nullable(),
    faults: z.array(z.string()).openapi({ description: "Scenario faults applied to this attempt." }),
    request: z.object({ headers: z.record(z.string(), z.string()), body: z.string() }),
    response: z.object({ status: z.number().int(), body: z.string() }).nullable(),
    error: z.string().nullable().openapi({ description: "Why no answer came: refused, reset, timeout…" }),
    outcome: z.enum(["delivered", "failed", "dropped"]),
    latencyMs: z.number(),
    sentAt: z.iso.datetime(),
    nextRetryAt: z.iso.datetime().nullable(),
  })
  .openapi("DeliveryAttempt");

export const DeliveryListSchema = z.object({ items: z.array(DeliveryAttemptSchema) }).openapi("DeliveryList");

export const DeliveryQuerySchema = z.object({
  jobId: z.string().optional().openapi({ description: "Only attempts for this generation or batch." }),
  outcome: z.enum(["delivered", "failed", "dropped"]).optional(),
});

export const WaitQuerySchema = DeliveryQuerySchema.extend({
  timeout: z.coerce.number().min(0).max(60).optional().openapi({ description: "Seconds to wait (default 10, at most 60)." }),
});

export const JournalEntrySchema = z
  .object({
    id: z.string(),
    seq: z.number().int().openapi({ description: "Position in this process's journal; later requests have larger ones." }),
    requestId: z.string(),
    tenant: z.string().nullable().openapi({ description: "The API key, or null without a valid one." }),
    at: z.iso.datetime().openapi({ description: "Tenant time when the request arrived." }),
    method: z.string(),
    path: z.string(),
    query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    headers: z.record(z.string(), z.string()).openapi({ description: "Request headers, without credentials." }),
    body: z.unknown().openapi({ description: "The parsed JSON body, a multipart body's fields and file names, or null." }),
    status: z.number().int(),
    answer: z.unknown().openapi({ description: "The answer's body: parsed when JSON, else its text (cut at 64 KB); null for a file or no body." }),
    durationMs: z.number(),
    scenario: z.string(),
    rule: z.string().nullable().openapi({ description: "The scenario rule that changed the answer or the job, if any." }),
  })
  .openapi("JournalEntry");

export const JournalSchema = z.object({ items: z.array(JournalEntrySchema) }).openapi("Journal");

export const JournalQuerySchema = z.object({
  method: z.string().optional(),
  path: z.string().optional().openapi({ description: "Exact path, e.g. /v2/generate." }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().optional().openapi({ description: "Only entries with a smaller seq: the next page of a newest-first list." }),
  after: z.coerce.number().int().optional().openapi({ description: "Only entries with a larger seq: what came since." }),
});

export const TimelinePointSchema = z.object({
  status: z.string(),
  at: z.iso.datetime().nullable().openapi({ description: "Tenant time the job enters this status; null when a poll moves it there (or never)." }),
});
export type TimelinePoint = z.infer<typeof TimelinePointSchema>;

export const AdminJobSchema = z
  .object({
    kind: z.enum(["generation", "batch"]),
    id: z.string(),
    tenant: z.string(),
    status: z.string().openapi({ description: "The status on the key's clock now." }),
    createdAt: z.iso.datetime(),
    now: z.iso.datetime().openapi({ description: "The key's time now." }),
    model: z.string().nullable(),
    progression: z.enum(["time", "polls"]).openapi({ description: "Whether the job moves with the clock or with each poll." }),
    timeline: z.array(TimelinePointSchema).openapi({ description: "Each status the job goes through and when, planned at creation." }),
    errorCode: z.string().nullable(),
    error: z.string().nullable(),
    outputUrl: z.string().nullable().openapi({ description: "The MP4 (generation) or result file (batch) once there is one." }),
    webhookUrl: z.string().nullable(),
    rule: z.string().nullable(),
    metrics: z
      .object({ total_generations: z.number().int(), success_count: z.number().int(), failed_count: z.number().int(), pending_count: z.number().int() })
      .nullable(),
  })
  .openapi("AdminJob");
export type AdminJob = z.infer<typeof AdminJobSchema>;

export const AdminJobListSchema = z.object({ items: z.array(AdminJobSchema) }).openapi("AdminJobList");

export const JobsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: "At most this many (default 100)." }) });

export const TenantListSchema = z
  .object({
    items: z.array(
      z.object({
        apiKey: z.string(),
        plan: z.string(),
        now: z.iso.datetime(),
        shiftMs: z.number(),
        scenario: z.object({ scope: z.enum(["tenant", "server"]), name: z.string() }),
      }),
    ),
  })
  .openapi("TenantList");

export const ScenarioStateSchema = z
  .object({
    scope: z.enum(["tenant", "server"]).openapi({ description: "Whether the key has its own scenario or uses the server's." }),
    scenario: z.record(z.string(), z.unknown()).openapi({ description: "The scenario in force, with every default filled in." }),
  })
  .openapi("ScenarioState");

export const ScenarioListSchema = z
  .object({ items: z.array(z.object({ name: z.string(), description: z.string().nullable() })) })
  .openapi("ScenarioList");

export const AdminErrorSchema = z
  .object({ statusCode: z.number().int(), message: z.union([z.string(), z.array(z.string())]), error: z.string().optional() })
  .openapi("AdminError");

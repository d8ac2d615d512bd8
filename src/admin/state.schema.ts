/**
 * The state snapshot (`GET`/`PUT /__mock/state`): one key's world, or the whole mock's, as one JSON document.
 * Published as `openapi/state.schema.json` (`npm run generate`) and served at `/__mock/state/schema`.
 *
 * Records are written as the mock keeps them (times in epoch milliseconds of the key's clock; a step that never
 * comes has `at: null`), so an import rebuilds exactly what clients saw, without deciding anything again.
 */
import { z } from "@hono/zod-openapi";
import { ASSET_TYPES, ASSET_VISIBILITIES } from "../resources/assets/assets.store.js";
import { GENERATION_STATUSES } from "../domain/job-machine.js";
import { ScenarioSchema, WebhookPolicySchema } from "../scenarios/scenario.schema.js";

/** The format's name and version: a document of another version is refused, not misread. */
export const STATE_FORMAT = "sync-mock-state" as const;
export const STATE_VERSION = 1 as const;

const epochMs = z.number().int().min(-8.64e15).max(8.64e15);
const id = z.string().min(1).max(200);
const json = z.record(z.string(), z.unknown());

const TimelineSchema = z
  .array(z.strictObject({ status: z.enum(GENERATION_STATUSES), at: epochMs.nullable().describe("When the step begins; null: never (it waits on polls).") }))
  .min(1)
  .describe("The planned states, first PENDING at creation.");

const OutcomeSchema = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("COMPLETED"), outputDuration: z.number().min(0) }),
  z.strictObject({ status: z.enum(["FAILED", "REJECTED"]), errorCode: z.string().min(1), error: z.string(), outputDuration: z.number().min(0) }),
]);

export const SnapshotGenerationSchema = z.strictObject({
  id,
  createdAt: epochMs,
  model: z.string().min(1),
  input: z.array(json),
  options: json.nullable(),
  segments: z.array(json).nullable(),
  webhookUrl: z.string().nullable(),
  outputFileName: z.string().nullable(),
  projectId: z.string().nullable(),
  timeline: TimelineSchema,
  progression: z.enum(["time", "polls"]),
  outcome: OutcomeSchema,
  rule: z.string().nullable(),
  webhookPolicy: WebhookPolicySchema,
  resultToken: z.string().min(1),
  batchId: z.string().nullable().describe("The batch it is an item of (listed in `batches`), or null."),
});

export const SnapshotBatchSchema = z.strictObject({
  id,
  createdAt: epochMs,
  webhookUrl: z.string().nullable(),
  items: z.array(
    z.strictObject({
      lineNumber: z.number().int().min(1),
      requestId: z.string(),
      endpoint: z.string(),
      payload: z.unknown(),
      generationId: id.describe("Its generation, listed in `generations` with this batch's id as `batchId`."),
    }),
  ),
  itemsStartAt: epochMs,
  failsAt: epochMs.nullable(),
  failure: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  rule: z.string().nullable(),
  webhookPolicy: WebhookPolicySchema,
  resultToken: z.string().min(1),
});

export const SnapshotAssetSchema = z.strictObject({
  id,
  createdAt: epochMs,
  updatedAt: epochMs.optional(),
  name: z.string(),
  fileName: z.string().optional(),
  type: z.enum(ASSET_TYPES),
  size: z.number().int().min(0).nullable(),
  format: z.string().nullable(),
  mimeType: z.string(),
  filePath: z.string().describe("Where the mock kept the bytes; metadata only: the bytes are not in a snapshot."),
  token: z.string().min(1),
  durationSeconds: z.number().min(0).nullable(),
  inputType: z.enum(["UPLOAD", "URL"]).optional(),
  sourceUrl: z.string().optional(),
  visibility: z.enum(ASSET_VISIBILITIES).optional(),
  width: z.number().int().nullable().optional(),
  height: z.number().int().nullable().optional(),
});

export const SnapshotWebhookSchema = z.strictObject({
  id,
  tenant: z.string().describe("The key; on import, the key of the tenant it is listed under."),
  jobId: id,
  jobType: z.enum(["generation", "batch"]),
  event: z.string(),
  url: z.string(),
  attempt: z.number().int().min(1),
  redeliveryOf: z.string().nullable(),
  faults: z.array(z.string()),
  request: z.strictObject({ headers: z.record(z.string(), z.string()), body: z.string() }),
  response: z.strictObject({ status: z.number().int(), body: z.string() }).nullable(),
  error: z.string().nullable(),
  outcome: z.enum(["delivered", "failed", "dropped"]),
  latencyMs: z.number().min(0),
  sentAt: z.iso.datetime(),
  nextRetryAt: z.iso.datetime().nullable(),
});

export const SnapshotTenantSchema = z.strictObject({
  apiKey: z.string().min(1).max(512),
  now: z.iso.datetime().describe("The key's time when exported; an import starts the key's clock there."),
  scenario: ScenarioSchema.nullable().describe("The key's own scenario (PUT /__mock/scenario with its x-api-key), or null."),
  generations: z.array(SnapshotGenerationSchema).describe("Every generation, batch items included, oldest first."),
  batches: z.array(SnapshotBatchSchema),
  assets: z.array(SnapshotAssetSchema),
  webhooks: z.array(SnapshotWebhookSchema).describe("Every webhook attempt, oldest first."),
});

export const StateSnapshotSchema = z
  .strictObject({
    $schema: z.string().optional().describe("For editors: the JSON Schema of this file."),
    format: z.literal(STATE_FORMAT),
    version: z.literal(STATE_VERSION),
    exportedAt: z.iso.datetime().describe("The mock's shared time (no key's own shift) when exported."),
    scope: z.enum(["tenant", "all"]).describe("`tenant`: keys' worlds, imported beside the others; `all`: the whole mock, which an import replaces."),
    clock: z.strictObject({ mode: z.enum(["real", "manual"]), globalShiftMs: z.number() }).describe("The clock when exported (informative)."),
    scenario: ScenarioSchema.nullable().describe("With scope `all`: the server's scenario in force; null keeps the importing mock's."),
    tenants: z.array(SnapshotTenantSchema),
  })
  .openapi("StateSnapshot");

/** A snapshot document. */
export type StateSnapshot = z.infer<typeof StateSnapshotSchema>;
export type SnapshotTenant = z.infer<typeof SnapshotTenantSchema>;

/** What an import did. */
export const StateImportResultSchema = z
  .object({
    scope: z.enum(["tenant", "all"]),
    tenants: z.number().int(),
    generations: z.number().int(),
    batches: z.number().int(),
    assets: z.number().int(),
    webhooks: z.number().int(),
  })
  .openapi("StateImportResult");

/** The snapshot's JSON Schema (draft 2020-12), as published. */
export function stateJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(StateSnapshotSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    title: "sync-mock state snapshot",
    description: "One key's world, or a whole mock's, as GET /__mock/state exports it and PUT /__mock/state imports it.",
  };
}

/**
 * A generation record for unit tests: a video-and-audio job that ends COMPLETED, fields overridable. (Not part
 * of the build: `tsconfig.build.json` leaves out `*.fixture.ts`.)
 */
import { planTimeline } from "../../domain/job-machine.js";
import { WebhookPolicySchema } from "../../scenarios/scenario.schema.js";
import type { GenerationRecord } from "./generations.store.js";

/** A stored generation created at `createdAt` (default 0), PENDING for 1 s then PROCESSING for 2 s, unless overridden. */
export function generationRecord(overrides: Partial<GenerationRecord> & { id: string }): GenerationRecord {
  const createdAt = overrides.createdAt ?? 0;
  const outcome = overrides.outcome ?? { status: "COMPLETED", outputDuration: 4.2 };
  return {
    createdAt,
    model: "lipsync-2",
    input: [{ type: "video", url: "https://cdn.test/v.mp4" }],
    options: null,
    segments: null,
    webhookUrl: null,
    outputFileName: null,
    projectId: null,
    timeline: planTimeline(createdAt, outcome.status, { pendingMs: 1_000, processingMs: 2_000 }),
    progression: "time",
    outcome,
    rule: null,
    webhookPolicy: WebhookPolicySchema.parse({}),
    resultToken: "token",
    batchId: null,
    ...overrides,
  };
}

import { describe, expect, it } from "vitest";
import { planTimeline } from "../../domain/job-machine.js";
import type { Outcome } from "../../domain/outcome.js";
import { WebhookPolicySchema } from "../../scenarios/scenario.schema.js";
import { generationRecord } from "../generations/generations.fixture.js";
import type { GenerationRecord } from "../generations/generations.store.js";
import { batchResultFile, serializeBatch } from "./batches.serialize.js";
import type { BatchRecord } from "./batches.store.js";

const T0 = Date.parse("2026-01-15T10:30:00.000Z");
const URL_BASE = "http://mock.test";
const POLICY = WebhookPolicySchema.parse({});

function generation(id: string, outcome: Outcome, processingMs: number): GenerationRecord {
  return generationRecord({ id, createdAt: T0, outcome, timeline: planTimeline(T0, outcome.status, { pendingMs: 750, processingMs }), resultToken: "t", batchId: "batch_1" });
}

function batch(failsAt: number | null): BatchRecord {
  const items = [
    generation("00000000-0000-4000-8000-000000000001", { status: "COMPLETED", outputDuration: 10 }, 1_000),
    generation("00000000-0000-4000-8000-000000000002", { status: "FAILED", errorCode: "generation_input_video_inaccessible", error: "The input video could not be accessed.", outputDuration: 10 }, 1_000),
    generation("00000000-0000-4000-8000-000000000003", { status: "COMPLETED", outputDuration: 10 }, 60_000),
  ].map((g, i) => ({ lineNumber: i + 1, requestId: `r${i + 1}`, endpoint: "/v2/generate", payload: { model: "lipsync-2" }, generation: g }));
  return {
    id: "batch_1",
    createdAt: T0,
    webhookUrl: null,
    items,
    timeline: { itemsStartAt: T0 + 500, items: items.map((i) => i.generation.timeline), failsAt },
    failure: failsAt === null ? null : { code: "generation_pipeline_failed", message: "An error occurred in the generation pipeline." },
    rule: null,
    webhookPolicy: POLICY,
    resultToken: "secret",
  };
}

const lines = (record: BatchRecord, now: number) => batchResultFile(record, now, URL_BASE).trimEnd().split("\n").map((l) => JSON.parse(l));

describe("batchResultFile", () => {
  it("gives each line its item's outcome and the time it was reached", () => {
    const [ok, failed, slow] = lines(batch(null), T0 + 61_000);
    expect(ok).toMatchObject({ request_id: "r1", status: "COMPLETED", error: null, response: { id: "00000000-0000-4000-8000-000000000001", status: "COMPLETED" }, updated_at: "2026-01-15T10:30:01.750Z" });
    expect(failed).toMatchObject({ request_id: "r2", status: "FAILED", error: { code: "generation_input_video_inaccessible" }, response: null });
    expect(slow).toMatchObject({ status: "COMPLETED", updated_at: "2026-01-15T10:31:00.750Z" });
  });

  it("still serves a FAILED batch: items unfinished at the failure end FAILED with the batch's error and time", () => {
    const record = batch(T0 + 5_000);
    expect(serializeBatch(record, T0 + 5_000, URL_BASE)).toMatchObject({
      status: "FAILED",
      metrics: { total_generations: 3, success_count: 1, failed_count: 2, pending_count: 0 },
      outputUrl: `${URL_BASE}/v2/batches/batch_1/result?token=secret`,
    });
    const [ok, failed, cut] = lines(record, T0 + 120_000);
    expect(ok.status).toBe("COMPLETED");
    expect(failed.error.code).toBe("generation_input_video_inaccessible");
    expect(cut).toMatchObject({
      status: "FAILED",
      error: { code: "generation_pipeline_failed", message: "An error occurred in the generation pipeline." },
      response: null,
      updated_at: "2026-01-15T10:30:05.000Z",
    });
  });
});

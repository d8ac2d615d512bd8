import { Sync, SyncError } from "@sync.so/sdk";
import { describe, expect, it } from "vitest";
import { batchLines, jsonl } from "../helpers/batch.js";
import { request, useScenario } from "./helpers.js";

const t = useScenario("failures");

describe("scenarios/failures.yaml", () => {
  it.each([
    ["fail-pipeline", "FAILED", "generation_pipeline_failed"],
    ["fail-timeout", "FAILED", "generation_timeout"],
    ["fail-unknown", "FAILED", "generation_unknown_error"],
    ["fail-face", "FAILED", "generation_input_face_selection_invalid"],
    ["fail-resolution", "FAILED", "generation_input_resolution_unsupported"],
    ["fail-segments", "FAILED", "generation_input_segments_invalid"],
    ["fail-infra", "FAILED", "generation_infra_service_unavailable"],
    ["reject-plan", "REJECTED", "generation_plan_duration_exceeded"],
    ["reject-model", "REJECTED", "generation_model_duration_exceeded"],
    ["reject-payment", "REJECTED", "account_payment_required"],
    ["unreachable", "FAILED", "generation_input_video_inaccessible"],
  ])("ends a generation whose input says %s as %s %s", async (card, status, code) => {
    const { client, key } = t.sdk();
    const created = await client.generations.create(request(`https://cdn.test/${card}.mp4`));
    await t.mock.admin.advance(10_000, key);
    const got = await client.generations.get(created.id);
    expect(got).toMatchObject({ status, error_code: code, error: expect.any(String), outputUrl: null });
  });

  it.each([
    ["stuck-pending", "PENDING"],
    ["stuck-processing", "PROCESSING"],
  ])("keeps a %s generation %s for good", async (card, status) => {
    const { client, key } = t.sdk();
    const created = await client.generations.create(request(`https://cdn.test/${card}.mp4`));
    await t.mock.admin.advance(86_400_000, key);
    expect((await client.generations.get(created.id)).status).toBe(status);
  });

  it.each([
    ["500", 500],
    ["502", 502],
    ["503", 503],
    ["429", 429],
  ])("answers any call with x-sync-mock-fault: %s as that status", async (fault, status) => {
    const { client } = t.sdk();
    const error = await client.models.list({ maxRetries: 0, headers: { "x-sync-mock-fault": fault } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).statusCode).toBe(status);
    expect((error as SyncError).body).toMatchObject({ statusCode: status });
  });

  it("drops the connection with x-sync-mock-fault: reset", async () => {
    const { client } = t.sdk();
    const error = await client.models.list({ maxRetries: 0, headers: { "x-sync-mock-fault": "reset" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).statusCode).toBeUndefined();
  });

  it("makes a batch FAIL as a whole when a line's request_id says fail-batch, and still serves its result file", async () => {
    const { client, key } = t.sdk();
    const lines = batchLines(20).map((line, i) => (i === 4 ? { ...line, request_id: "fail-batch-5" } : line));
    const created = (await client.batch.create(new Blob([jsonl(lines)]), {})) as Sync.BatchResponse;
    await t.mock.admin.advance(60_000, key);
    const got = await client.batch.get(created.id);
    expect(got.status).toBe("FAILED");
    expect(got.metrics.failed_count + got.metrics.success_count).toBe(20);
    const result = (await (await fetch(got.outputUrl)).text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(result).toHaveLength(20);
    expect(result.every((l: { status: string }) => ["FAILED", "COMPLETED"].includes(l.status))).toBe(true);
  });

  it("leaves healthy inputs alone", async () => {
    const { client, key } = t.sdk();
    const created = await client.generations.create(request());
    await t.mock.admin.advance(10_000, key);
    expect((await client.generations.get(created.id)).status).toBe("COMPLETED");
  });
});

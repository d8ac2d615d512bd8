/**
 * What a scenario changes about batches: the file limits and the running-batch limit (`limits.batch`), and
 * timing (`timing.batch.pendingMs` plus the generation phases), down to batches that are done when created.
 * And the default scenario on the real clock: a 20-line batch is done within 5 seconds.
 */
import { describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "./helpers/batch.js";
import { useSyncMock } from "./helpers/mock.js";

describe("limits.batch", () => {
  const t = useSyncMock({
    clock: "manual",
    scenario:
      'keys: [{ match: "enterprise_*", plan: enterprise }]\n' +
      "limits:\n  batch: { minLines: 2, maxLines: 3, maxFileBytes: 2000, concurrency: { scale: 1, enterprise: 2 } }\n",
  });
  const create = (key: string, lines: number, extra = "") => t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(lines)) + extra) });

  it("sets the smallest and largest number of lines", async () => {
    const key = t.mock.apiKey();
    expect((await create(key, 1)).body.message).toEqual(["file must contain at least 2 non-empty lines (found 1)"]);
    expect((await create(key, 4)).body.message).toEqual(["file must contain no more than 3 non-empty lines (found 4)"]);
    expect((await create(key, 2)).status).toBe(201);
  });

  it("sets the size limit, and the message names it", async () => {
    const { status, body } = await create(t.mock.apiKey(), 3, "\n".repeat(2000));
    expect(status).toBe(400);
    expect(body.message).toEqual(["file must not be larger than 2000 bytes"]);
  });

  it("sets the running batches per plan", async () => {
    const [scale, enterprise] = [t.mock.apiKey("scale"), t.mock.apiKey("enterprise")];
    expect((await create(scale, 2)).status).toBe(201);
    expect((await create(scale, 2)).body).toMatchObject({ statusCode: 429, concurrencyLimit: 1 });
    expect((await create(enterprise, 2)).status).toBe(201);
    expect((await create(enterprise, 2)).status).toBe(201);
    expect((await create(enterprise, 2)).body).toMatchObject({ statusCode: 429, concurrencyLimit: 2 });
  });
});

describe("timing with zero durations", () => {
  const t = useSyncMock({ clock: "manual", scenario: "timing: { pendingMs: 0, processingMs: 0, batch: { pendingMs: 0 } }\n" });

  it("makes a batch COMPLETED, with its result file, in the answer that creates it", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20))) });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "COMPLETED", metrics: { total_generations: 20, success_count: 20, pending_count: 0 } });
    expect((await fetch(body.outputUrl)).status).toBe(200);
  });
});

describe("the default scenario on the real clock", () => {
  const t = useSyncMock();

  it("completes a 20-line batch within 5 seconds", async () => {
    const key = t.mock.apiKey();
    const started = performance.now();
    const { body: created } = await t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20))) });
    await expect
      .poll(async () => (await t.api.get(`/v2/batch/${created.id}`, { key })).body.status, { timeout: 5_000, interval: 100 })
      .toBe("COMPLETED");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLine, batchLines, jsonl } from "./helpers/batch.js";
import { useSyncMock } from "./helpers/mock.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";

const t = useSyncMock({ clock: "manual" });

const fromRows = (key: string, json: unknown) => t.api.post("/v2/batch", { key, json });
const fromFile = (key: string, lines: Array<Record<string, unknown> | string>, fields: Record<string, string> = {}) =>
  t.api.post("/v2/batch", { key, body: batchForm(jsonl(lines), fields) });

describe("POST /v2/batch with JSON rows", () => {
  it("answers 201 with a PENDING batch, like the same lines as a JSONL file", async () => {
    const key = t.mock.apiKey();
    const rows = batchLines(20);
    const { status, body } = await fromRows(key, { rows, webhook_url: "https://hooks.test/rows" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "PENDING", webhookUrl: "https://hooks.test/rows", metrics: { total_generations: 20, pending_count: 20 } });
    const file = await fromFile(t.mock.apiKey(), rows, { webhook_url: "https://hooks.test/rows" });
    expect(Object.keys(body)).toEqual(Object.keys(file.body));
  });

  it("runs the batch to COMPLETED with a result file naming every row's request_id", async () => {
    const key = t.mock.apiKey();
    const { body: batch } = await fromRows(key, { rows: batchLines(20) });
    await t.mock.admin.advance(10 * 60_000, key);
    const { body: done } = await t.api.get(`/v2/batch/${batch.id}`, { key });
    expect(done.status).toBe("COMPLETED");
    const result = await (await fetch(done.outputUrl)).text();
    const ids = result.trim().split("\n").map((line) => JSON.parse(line).request_id).sort();
    expect(ids).toEqual(batchLines(20).map((l) => l.request_id).sort());
  });

  it("answers a valid dry run with VALIDATED and creates nothing", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await fromRows(key, { rows: batchLines(20), dry_run: true });
    expect(status).toBe(201);
    expect(body).toEqual({ status: "VALIDATED" });
    expect((await t.api.get("/v2/batch", { key })).body).toEqual([]);
  });

  it("names rows[N-1] as line N, with the same problems as the JSONL file", async () => {
    const key = t.mock.apiKey();
    const rows = [...batchLines(19), batchLine("request-1", {}, { endpoint: "/v2/analyze/cost" })];
    const asRows = await fromRows(key, { rows });
    const asFile = await fromFile(key, rows);
    expect(asRows.status).toBe(400);
    expect(asRows.body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: ['line 20: request_id "request-1" duplicates line 1', 'line 20: endpoint must be "/v2/generate"'],
    });
    expect(asRows.body).toEqual(asFile.body);
  });

  it("checks each row's payload as the Generate API does", async () => {
    const rows = batchLines(20);
    rows[4] = batchLine("request-5", { model: "no-such-model" });
    rows[6] = "a string" as unknown as Record<string, unknown>;
    const { status, body } = await fromRows(t.mock.apiKey(), { rows });
    expect(status).toBe(400);
    expect(body.message.some((m: string) => m.startsWith("line 5: payload.model"))).toBe(true);
    expect(body.message.some((m: string) => m.startsWith("line 7: "))).toBe(true);
    expect(body.message.every((m: string) => /^line (5|7): /.test(m))).toBe(true);
  });

  it.each([
    [19, "rows must contain at least 20 rows (found 19)"],
    [501, "rows must contain no more than 500 rows (found 501)"],
  ])("refuses %i rows", async (count, message) => {
    const { status, body } = await fromRows(t.mock.apiKey(), { rows: batchLines(count) });
    expect(status).toBe(400);
    expect(body.message).toEqual([message]);
  });

  it("refuses rows over 5 MB as JSONL, naming the limit", async () => {
    const padding = "x".repeat(300_000);
    const rows = batchLines(20, () => ({ options: { note: padding } }));
    const { status, body } = await fromRows(t.mock.apiKey(), { rows });
    expect(status).toBe(400);
    expect(body.message).toEqual(["rows must not be larger than 5 MB as JSONL"]);
  });

  it.each([
    [{}, ["rows is required (an array of batch records, one per generation)"]],
    [{ rows: {} }, ["rows must be an array"]],
    [{ rows: batchLines(20), dry_run: "yes" }, ["dry_run must be a boolean"]],
    [{ rows: batchLines(20), webhook_url: "ftp://x" }, ["webhook_url must be an absolute http or https URL"]],
    [{ rows: batchLines(20), webhook_url: 5 }, ["webhook_url must be a string"]],
    [{ rows: batchLines(20), extra: 1 }, ["property extra should not exist"]],
    [[], ["the body must be a JSON object with rows"]],
  ])("answers 400 for the body %j", async (json, message) => {
    const key = t.mock.apiKey();
    const { status, body } = await fromRows(key, json);
    expect(status).toBe(400);
    expect(body.message).toEqual(message);
    expect((await t.api.get("/v2/batch", { key })).body).toEqual([]);
  });

  it("answers 400 malformed_json for a body that is not JSON", async () => {
    const { status } = await t.api.post("/v2/batch", { key: t.mock.apiKey(), body: "{rows:", headers: { "content-type": "application/json" }, unchecked: true });
    expect(status).toBe(400);
  });

  it("answers 402 to a plan without the Batch API before reading the rows", async () => {
    const { status, body } = await fromRows(t.mock.apiKey("creator"), { rows: batchLines(20) });
    expect(status).toBe(402);
    expect(body.errorCode).toBe("plan_feature_unavailable");
  });
});

describe("a batch from rows with a webhook", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.close());

  it("delivers the batch webhook once it is done", async () => {
    const key = t.mock.apiKey();
    const { body: batch } = await fromRows(key, { rows: batchLines(20), webhook_url: receiver.url(`/ok/rows-${key}`) });
    await t.mock.admin.advance(10 * 60_000, key);
    const deliveries = await t.mock.admin.webhooks({ jobId: batch.id }, key);
    expect(deliveries.map((d) => d.outcome)).toEqual(["delivered"]);
    expect(receiver.received.filter((r) => r.path === `/ok/rows-${key}`)).toHaveLength(1);
  });
});

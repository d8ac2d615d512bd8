/**
 * Batch files at the edges, with the default limits (20-500 lines, 5 MB): a table of invalid files and their
 * messages, files over the size limit (read whole up to the hard cap, cut off beyond it), the largest file
 * the limits allow, and random files that must never make the mock fail.
 */
import { once } from "node:events";
import { request } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchForm, batchLine, batchLines, jsonl } from "./helpers/batch.js";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });
const MB = 1024 * 1024;

const create = (key: string, file: string, fields: Record<string, string> = {}) => t.api.post("/v2/batch", { key, body: batchForm(file, fields) });
const video = { type: "video", url: "https://cdn.test/v.mp4" };
const audio = { type: "audio", url: "https://cdn.test/a.wav" };
/** 20 valid lines, the first ones replaced by `lines`. */
const withTop = (...lines: Array<Record<string, unknown> | string>) => jsonl([...lines, ...batchLines(20).slice(lines.length)]);

describe("invalid batch files", () => {
  it.each<[string, string, string[]]>([
    ["an empty file", "", ["file must contain at least 20 non-empty lines (found 0)"]],
    ["19 lines (blank lines do not count)", jsonl([...batchLines(19), "", "   "]), ["file must contain at least 20 non-empty lines (found 19)"]],
    ["501 lines", jsonl(batchLines(501)), ["file must contain no more than 500 non-empty lines (found 501)"]],
    ["a line that is not JSON", withTop(batchLine("request-1"), '{"request_id": "request-2",'), ["line 2: is not valid JSON"]],
    ["a line that is a JSON string", withTop('"hello"'), ["line 1: must be a JSON object with request_id, endpoint and payload"]],
    ["a missing request_id", withTop({ endpoint: "/v2/generate", payload: batchLine("x").payload }), ["line 1: request_id is required"]],
    ["a numeric request_id", withTop(batchLine(7 as unknown as string)), ["line 1: request_id must be a string"]],
    ["a duplicate request_id", withTop(batchLine("b"), batchLine("c"), batchLine("a"), batchLine("d"), batchLine("e"), batchLine("f"), batchLine("a")), ['line 7: request_id "a" duplicates line 3']],
    ["another endpoint", withTop(batchLine("a", {}, { endpoint: "/v2/generations" })), ['line 1: endpoint must be "/v2/generate"']],
    ["a missing payload", withTop({ request_id: "a", endpoint: "/v2/generate" }), ["line 1: payload is required"]],
    ["an unknown model", withTop(batchLine("a", { model: "lipsync-9" })), ["line 1: payload.model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3"]],
    ["no audio", withTop(batchLine("a", { input: [video] })), ["line 1: payload.input must contain at least one audio or text input"]],
    ["two voices without segments", withTop(batchLine("a", { input: [video, audio, audio] })), ["line 1: payload: several audio or text inputs need segments to say which one plays when"]],
    ["a bad outputFileName", withTop(batchLine("a", { outputFileName: "my file.mp4" })), ["line 1: payload.outputFileName must be 1-255 characters of letters, digits, underscores and hyphens"]],
    ["a bad webhookUrl in a payload", withTop(batchLine("a", { webhookUrl: "/hook" })), ["line 1: payload.webhookUrl must be an absolute http or https URL"]],
    ["an unknown assetId", withTop(batchLine("a", { input: [{ type: "video", assetId: "nope" }, audio] })), ['line 1: payload.input.0.assetId "nope" is not an asset of this account']],
    ["several problems on several lines", jsonl(["x", { request_id: 1, endpoint: "/v1/generate" }, batchLine("a"), batchLine("a", { model: "nope", input: [] })]), [
      "file must contain at least 20 non-empty lines (found 4)",
      "line 1: is not valid JSON",
      "line 2: request_id must be a string",
      'line 2: endpoint must be "/v2/generate"',
      "line 2: payload is required",
      'line 4: request_id "a" duplicates line 3',
      "line 4: payload.model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3",
    ]],
  ])("reports %s", async (_name, file, message) => {
    const key = t.mock.apiKey();
    const { status, body } = await create(key, file);
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, error: "Bad Request", message });
    expect((await t.api.get("/v2/batch", { key })).body).toEqual([]);
  });
});

/** Posts a multipart body of `totalBytes` JSONL, chunk by chunk, and stops sending once an answer arrives. */
async function streamBatch(key: string, totalBytes: number): Promise<{ status: number; body: any; sentBytes: number }> {
  const boundary = "batch-cutoff-boundary";
  const req = request(`${t.mock.baseUrl}/v2/batch`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": `multipart/form-data; boundary=${boundary}` },
  });
  req.on("error", () => undefined); // the server may close the socket after answering
  let answered = false;
  const answer = new Promise<{ status: number; body: any }>((resolve) => {
    req.on("response", async (res) => {
      answered = true;
      let text = "";
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode!, body: JSON.parse(text) });
    });
  });
  req.write(`--${boundary}\r\nContent-Disposition: form-data; name="input"; filename="big.jsonl"\r\n\r\n`);
  const chunk = Buffer.from(`${JSON.stringify(batchLine("x"))}\n`.repeat(256));
  let sentBytes = 0;
  while (!answered && sentBytes < totalBytes) {
    sentBytes += chunk.length;
    if (!req.write(chunk)) await Promise.race([once(req, "drain"), answer]);
  }
  if (!answered) req.end(`\r\n--${boundary}--\r\n`);
  const result = await answer;
  req.destroy();
  return { ...result, sentBytes };
}

describe("files over the 5 MB limit", () => {
  it("reads a file between the limit and the hard cap whole, and reports the size with every line's problems", async () => {
    const padding = "p".repeat(14_000);
    const lines = batchLines(450, () => ({ metadata: { padding } }));
    lines.push(batchLine("request-1"));
    const file = jsonl(lines);
    expect(Buffer.byteLength(file)).toBeGreaterThan(6 * MB);
    const { status, body } = await create(t.mock.apiKey(), file);
    expect(status).toBe(400);
    expect(body.message).toEqual(["file must not be larger than 5 MB", 'line 451: request_id "request-1" duplicates line 1']);
  });

  it("cuts off a much larger upload early with a 400 naming the limit", async () => {
    const key = t.mock.apiKey();
    const { status, body, sentBytes } = await streamBatch(key, 200 * MB);
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, error: "Bad Request", message: ["file must not be larger than 5 MB"], requestId: expect.any(String) });
    // The hard cap is 10 MB; the answer comes long before the 200 MB are sent.
    expect(sentBytes).toBeLessThan(30 * MB);
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });
});

describe("the largest batch the limits allow", () => {
  it("processes 500 lines in a file just under 5 MB", async () => {
    const key = t.mock.apiKey();
    const padding = "p".repeat(10_000);
    const file = jsonl(batchLines(500, (i) => ({ outputFileName: `take_${i}`, metadata: { padding } })));
    expect(Buffer.byteLength(file)).toBeGreaterThan(4.9 * MB);
    expect(Buffer.byteLength(file)).toBeLessThanOrEqual(5 * MB);
    const { status, body: created } = await create(key, file);
    expect(status).toBe(201);
    expect(created.metrics.total_generations).toBe(500);
    await t.mock.admin.advance(5_000, key);
    const batch = (await t.api.get(`/v2/batch/${created.id}`, { key })).body;
    expect(batch).toMatchObject({ status: "COMPLETED", metrics: { total_generations: 500, success_count: 500, failed_count: 0, pending_count: 0 } });
    const result = await fetch(batch.outputUrl);
    const lines = (await result.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(500);
    expect(lines.map((l) => l.request_id)).toEqual(Array.from({ length: 500 }, (_, i) => `request-${i + 1}`));
    expect(lines.every((l) => l.status === "COMPLETED" && l.payload.metadata.padding === padding)).toBe(true);
    expect((await t.api.get("/v2/generations", { key })).body).toHaveLength(500);
  });
});

describe("random batch files (fast-check)", () => {
  const valid = jsonl(batchLines(20));
  const mutated = fc
    .array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 40 }), text: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("\n", "{", '"', "\\", "null", "[]", "\u0000", "\uD800")) }), {
      minLength: 0,
      maxLength: 6,
    })
    .map((edits) => edits.reduce((text, e) => text.slice(0, e.at % (text.length + 1)) + e.text + text.slice((e.at % (text.length + 1)) + e.cut), valid));
  const anything = fc.oneof(mutated, fc.string({ unit: "binary", maxLength: 3000 }), fc.array(fc.jsonValue().map((v) => JSON.stringify(v)), { maxLength: 30 }).map((l) => l.join("\n")));

  it("never answers 5xx: every file is either a batch (201) or a list of problems (400)", async () => {
    await fc.assert(
      fc.asyncProperty(anything, fc.boolean(), async (file, dryRun) => {
        const { status, body } = await create(t.mock.apiKey(), file, { dry_run: String(dryRun) });
        expect([201, 400]).toContain(status);
        if (status === 400) expect(body.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});

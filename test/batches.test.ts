import { describe, expect, it } from "vitest";
import { batchForm, batchLine, batchLines, jsonl } from "./helpers/batch.js";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";
import { componentProblems } from "./helpers/openapi.js";

const t = useSyncMock({ clock: "manual" });

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const create = (key: string, file: string | undefined, fields: Record<string, string> = {}, part?: string) =>
  t.api.post("/v2/batch", { key, body: batchForm(file, fields, part) });
const getBatch = async (key: string, id: string) => (await t.api.get(`/v2/batch/${id}`, { key })).body;
const twenty = jsonl(batchLines(20));
/** 15 healthy lines, 3 whose video is unreachable (FAILED) and 2 react-1 lines over 15 s (REJECTED). */
const mixed = jsonl(
  batchLines(20, (i) => {
    if (i >= 16 && i <= 18) return { input: [{ type: "video", url: "https://cdn.test/unreachable.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] };
    if (i >= 19) return { model: "react-1", input: [{ type: "video", url: "https://cdn.test/talk-16s.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] };
    return {};
  }),
);

describe("POST /v2/batch", () => {
  it("answers 201 with a PENDING batch in the documented shape", async () => {
    const { status, body } = await create(t.mock.apiKey(), twenty);
    expect(status).toBe(201);
    expect(Object.keys(body)).toEqual(["id", "created_at", "status", "metrics", "webhookUrl", "outputUrl"]);
    expect(body).toMatchObject({
      status: "PENDING",
      metrics: { total_generations: 20, success_count: 0, failed_count: 0, pending_count: 20 },
      webhookUrl: null,
      outputUrl: "",
    });
    expect(body.id).toMatch(/^batch_[0-9a-f-]{36}$/);
    expect(body.created_at).toMatch(ISO_MS);
  });

  it("accepts the file as part `file`, with webhook_url and dry_run before or after it, and echoes webhookUrl", async () => {
    const key = t.mock.apiKey();
    const after = new FormData();
    after.append("file", new Blob([twenty]), "b.jsonl");
    after.append("webhook_url", "https://hooks.test/batch");
    after.append("dry_run", "false");
    const { status, body } = await t.api.post("/v2/batch", { key, body: after });
    expect(status).toBe(201);
    expect(body.webhookUrl).toBe("https://hooks.test/batch");
    const before = await create(key, twenty, { dry_run: "false", webhook_url: "http://127.0.0.1:9/x" }, "file");
    expect(before.body.webhookUrl).toBe("http://127.0.0.1:9/x");
  });

  it("answers a valid dry run with 201 VALIDATED and creates nothing", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await create(key, twenty, { dry_run: "true" });
    expect(status).toBe(201);
    expect(body).toEqual({ status: "VALIDATED" });
    expect((await t.api.get("/v2/batch", { key })).body).toEqual([]);
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it("answers an invalid dry run with the same 400 as a real create, and creates nothing", async () => {
    const key = t.mock.apiKey();
    const file = jsonl([...batchLines(19), batchLine("request-1", {}, { endpoint: "/v2/analyze/cost" })]);
    const dry = await create(key, file, { dry_run: "true" });
    const real = await create(key, file);
    expect(dry.status).toBe(400);
    expect(dry.body).toEqual(real.body);
    expect(dry.body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: ['line 20: request_id "request-1" duplicates line 1', 'line 20: endpoint must be "/v2/generate"'],
    });
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it.each(["free", "hobbyist", "creator", "growth"])("answers 402 plan_feature_unavailable to %s keys, dry run or not", async (plan) => {
    const key = t.mock.apiKey(plan);
    for (const fields of [{}, { dry_run: "true" }] as Array<Record<string, string>>) {
      const { status, body, headers } = await create(key, twenty, fields);
      expect(status).toBe(402);
      expect(body).toEqual({
        statusCode: 402,
        errorCode: "plan_feature_unavailable",
        error: "Payment Required",
        message: `The Batch API is available on the Scale and Enterprise plans only; this key is on the ${plan} plan. Upgrade your plan to use it.`,
      });
      expect(headers.get("retry-after")).toBeNull();
    }
  });

  it.each<[string, () => RequestInit["body"], Record<string, string>, string[]]>([
    ["no file part", () => batchForm(undefined, { dry_run: "true" }), {}, ["input is required (a JSONL file part named input or file)"]],
    ["the file as a text field", () => batchForm(undefined, { input: twenty }), {}, ["input must be a file part, not a text field"]],
    ["two files", () => { const f = batchForm(twenty); f.append("file", new Blob([twenty]), "b.jsonl"); return f; }, {}, ["send one JSONL file, as input or as file, not several"]],
    ["a stray file part", () => { const f = batchForm(twenty); f.append("video", new Blob(["x"]), "v.mp4"); return f; }, {}, ['unexpected file part "video" (send the JSONL file as input)']],
    ["a relative webhook_url", () => batchForm(twenty, { webhook_url: "/hooks" }), {}, ["webhook_url must be an absolute http or https URL"]],
    ["a non-http webhook_url", () => batchForm(twenty, { webhook_url: "ftp://hooks.test/x" }), {}, ["webhook_url must be an absolute http or https URL"]],
    ["dry_run=yes", () => batchForm(twenty, { dry_run: "yes" }), {}, ['dry_run must be "true" or "false"']],
    ["a JSON body of no rows", () => JSON.stringify({ rows: [] }), { "content-type": "application/json" }, ["rows must contain at least 20 rows (found 0)"]],
  ])("answers 400 for %s", async (_name, body, headers, message) => {
    const key = t.mock.apiKey();
    const answer = await t.api.post("/v2/batch", { key, body: body(), headers });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, error: "Bad Request", message });
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it("checks assetIds against the key's own assets: unknown ones are line problems, uploaded ones work", async () => {
    const key = t.mock.apiKey();
    const upload = new FormData();
    upload.append("video", new Blob([new Uint8Array(16)]), "face.mp4");
    upload.append("audio", new Blob([new Uint8Array(16)]), "voice.wav");
    upload.append("model", "lipsync-2");
    const { body: generation } = await t.api.post("/v2/generate", { key, body: upload });
    const videoAsset = generation.input[0].assetId as string;
    const withAsset = (id: string) => ({ input: [{ type: "video", assetId: id }, { type: "audio", url: "https://cdn.test/a.wav" }] });
    const bad = await create(key, jsonl(batchLines(20, (i) => (i === 3 ? withAsset("6533643b-aceb-4c40-967e-d9ba9baac39e") : withAsset(videoAsset)))));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['line 3: payload.input.0.assetId "6533643b-aceb-4c40-967e-d9ba9baac39e" is not an asset of this account']);
    const stranger = await create(t.mock.apiKey(), jsonl(batchLines(20, () => withAsset(videoAsset))));
    expect(stranger.status).toBe(400);
    expect(stranger.body.message).toHaveLength(20);
    expect((await create(key, jsonl(batchLines(20, () => withAsset(videoAsset))))).status).toBe(201);
  });
});

describe("the batch lifecycle", () => {
  it("moves PENDING → JOBS_CREATED → PROCESSING → COMPLETED with exact metrics at every stage", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await create(key, mixed);
    const stages: Array<[number, string, [number, number, number]]> = [
      [0, "PENDING", [0, 0, 20]],
      [499, "PENDING", [0, 0, 20]],
      [1, "JOBS_CREATED", [0, 0, 20]],
      [249, "JOBS_CREATED", [0, 0, 20]],
      // The REJECTED items end as the others start processing, and count as failed.
      [1, "PROCESSING", [0, 2, 18]],
      [999, "PROCESSING", [0, 2, 18]],
      [1, "COMPLETED", [15, 5, 0]],
    ];
    for (const [ms, status, [success, failed, pending]] of stages) {
      await t.mock.admin.advance(ms, key);
      const batch = await getBatch(key, created.id);
      expect({ status: batch.status, metrics: batch.metrics }, `after +${ms} ms`).toEqual({
        status,
        metrics: { total_generations: 20, success_count: success, failed_count: failed, pending_count: pending },
      });
      expect(batch.outputUrl === "", status).toBe(status !== "COMPLETED");
    }
  });

  it("makes its items generations of the key, created with the batch and waiting out its PENDING phase", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await create(key, twenty);
    const items = (await t.api.get("/v2/generations", { key })).body as Array<{ createdAt: string; status: string }>;
    expect(items).toHaveLength(20);
    expect(items.every((g) => g.createdAt === created.created_at && g.status === "PENDING")).toBe(true);
    await t.mock.admin.advance(700, key);
    expect((await t.api.get("/v2/generations?status=PENDING", { key })).body).toHaveLength(20);
    await t.mock.admin.advance(50, key);
    expect((await t.api.get("/v2/generations?status=PROCESSING", { key })).body).toHaveLength(20);
  });

  it("finishes with one advance of the manual clock", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await create(key, twenty);
    await t.mock.admin.advance(5_000, key);
    expect(await getBatch(key, created.id)).toMatchObject({ status: "COMPLETED", metrics: { success_count: 20, pending_count: 0 } });
  });

  it("runs its items outside the per-generation concurrency limit, which they do not use up", async () => {
    const key = t.mock.apiKey("enterprise");
    const batch = await create(key, jsonl(batchLines(60)));
    expect(batch.status).toBe(201);
    await t.mock.admin.advance(750, key);
    expect((await t.api.get("/v2/generations?status=PROCESSING", { key })).body).toHaveLength(60);
    for (let i = 0; i < 50; i++) expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(429);
    // A key at its generation limit can still start a batch.
    expect((await create(key, twenty)).status).toBe(201);
  });
});

describe("GET /v2/batch/{id}", () => {
  it("answers 404 batch_not_found for an unknown id and for another key's batch alike", async () => {
    const [owner, stranger] = [t.mock.apiKey(), t.mock.apiKey()];
    const { body: created } = await create(owner, twenty);
    const theirs = await t.api.get(`/v2/batch/${created.id}`, { key: stranger });
    const unknown = await t.api.get("/v2/batch/batch_nope", { key: stranger });
    expect([theirs.status, unknown.status]).toEqual([404, 404]);
    expect(theirs.body).toEqual({ statusCode: 404, error: "Not Found", errorCode: "batch_not_found", message: `Batch ${created.id} not found` });
    expect(unknown.body.message).toBe("Batch batch_nope not found");
  });
});

describe("GET /v2/batch", () => {
  async function seed(key: string, count: number): Promise<Array<{ id: string; created_at: string }>> {
    const out = [];
    for (let i = 0; i < count; i++) {
      out.push((await create(key, twenty)).body);
      await t.mock.admin.advance(600, key);
    }
    return out;
  }

  it("lists only the key's batches, newest first, as a bare array", async () => {
    const key = t.mock.apiKey("enterprise");
    const batches = await seed(key, 3);
    await seed(t.mock.apiKey(), 1);
    const { status, body } = await t.api.get("/v2/batch", { key });
    expect(status).toBe(200);
    expect(body.map((b: { id: string }) => b.id)).toEqual(batches.map((b) => b.id).reverse());
  });

  it("filters by status, created_after and created_before (strictly)", async () => {
    const key = t.mock.apiKey("enterprise");
    const [a, b, c] = await seed(key, 3);
    const ids = async (query: string) => (await t.api.get(`/v2/batch?${query}`, { key })).body.map((x: { id: string }) => x.id);
    // Seeded 600 ms apart and read 600 ms after the last: a is done, b is processing, c has its jobs created.
    expect(await ids("status=COMPLETED")).toEqual([a!.id]);
    expect(await ids("status=PROCESSING")).toEqual([b!.id]);
    expect(await ids("status=JOBS_CREATED,PROCESSING")).toEqual([c!.id, b!.id]);
    expect(await ids(`created_after=${encodeURIComponent(a!.created_at)}`)).toEqual([c!.id, b!.id]);
    expect(await ids(`created_before=${encodeURIComponent(c!.created_at)}`)).toEqual([b!.id, a!.id]);
    // Without an offset a time is UTC.
    expect(await ids(`created_after=${a!.created_at.slice(0, 23)}&created_before=${encodeURIComponent(c!.created_at)}`)).toEqual([b!.id]);
    expect(await ids(`created_before=${encodeURIComponent(a!.created_at.replace("Z", "+00:00"))}`)).toEqual([]);
  });

  it.each([
    ["an unknown status", "status=DONE"],
    ["a created_after that is not a date", "created_after=yesterday"],
    ["a created_before that is not a real day", "created_before=2026-02-30T00:00:00Z"],
    ["a month 13", "created_after=2026-13-01"],
    ["an empty created_before (found by schemathesis)", "created_before="],
  ])("answers 400 for %s", async (_name, query) => {
    const { status, body } = await t.api.get(`/v2/batch?${query}`, { key: t.mock.apiKey() });
    expect(status).toBe(400);
    expect(body.message).toEqual([expect.any(String)]);
  });
});

describe("batch concurrency", () => {
  it.each([
    ["scale", 3],
    ["enterprise", 10],
  ])("lets %s keys run %i batches, then answers 429 with Retry-After until one finishes", async (plan, limit) => {
    const key = t.mock.apiKey(plan);
    for (let i = 0; i < limit; i++) expect((await create(key, twenty)).status).toBe(201);
    const { status, body, headers } = await create(key, twenty);
    expect(status).toBe(429);
    expect(body).toEqual({
      statusCode: 429,
      error: "Too Many Requests",
      errorCode: "concurrency_limit_reached",
      message: "Batch concurrency limit reached. Please wait for an existing batch to complete or upgrade your plan.",
      activeBatches: limit,
      concurrencyLimit: limit,
      retryAfterSeconds: 2,
    });
    expect(headers.get("retry-after")).toBe("2");
    // A dry run creates nothing, so it is not held to the limit.
    expect((await create(key, twenty, { dry_run: "true" })).status).toBe(201);
    await t.mock.admin.advance(1_750, key);
    expect((await create(key, twenty)).status).toBe(201);
  });
});

describe("the result file", () => {
  async function finished(file: string, key = t.mock.apiKey()) {
    const { body: created } = await create(key, file);
    await t.mock.admin.advance(10_000, key);
    const batch = await getBatch(key, created.id);
    return { key, batch, path: (batch.outputUrl as string).slice(t.mock.baseUrl.length) };
  }

  it("is served without an API key as JSON Lines, one line per input line, in input order, in the guide's shape", async () => {
    const { key, batch, path } = await finished(mixed);
    expect(batch.outputUrl).toMatch(new RegExp(`^${t.mock.baseUrl}/v2/batches/${batch.id}/result\\?token=[0-9a-f-]{36}$`));
    const { status, headers, body } = await t.api.get(path);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/x-ndjson");
    const text = body instanceof Buffer ? body.toString("utf8") : String(body);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.request_id)).toEqual(Array.from({ length: 20 }, (_, i) => `request-${i + 1}`));
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(["request_id", "endpoint", "payload", "status", "error", "response", "updated_at"]);
      expect(componentProblems("BatchResultLine", line)).toEqual([]);
    }
    const input = mixed.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.payload)).toEqual(input.map((l) => l.payload));

    const [ok, unreachable, rejected] = [lines[0], lines[15], lines[19]];
    expect(ok).toMatchObject({ endpoint: "/v2/generate", status: "COMPLETED", error: null });
    const generation = (await t.api.get(`/v2/generate/${ok.response.id}`, { key })).body;
    expect(ok.response).toEqual(generation);
    expect(ok.updated_at).toBe(new Date(Date.parse(batch.created_at) + 1_750).toISOString());
    expect(unreachable).toMatchObject({ status: "FAILED", response: null, error: { code: "generation_input_video_inaccessible", message: expect.any(String) } });
    expect(rejected).toMatchObject({ status: "REJECTED", response: null, error: { code: "generation_model_duration_exceeded", message: expect.any(String) } });
    expect(rejected.updated_at).toBe(new Date(Date.parse(batch.created_at) + 750).toISOString());
  });

  it("answers 404 for a wrong or missing token, for a batch still running, and once the key is reset", async () => {
    const { key, batch, path } = await finished(twenty);
    expect((await t.api.get(path.replace(/token=.*/, "token=wrong"))).status).toBe(404);
    expect((await t.api.get(`/v2/batches/${batch.id}/result`)).status).toBe(404);
    const { body: running } = await create(key, twenty);
    expect((await t.api.get(`/v2/batches/${running.id}/result?token=x`)).status).toBe(404);
    await t.mock.admin.reset(key);
    expect((await t.api.get(path)).status).toBe(404);
  });
});

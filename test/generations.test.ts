import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";


const t = useSyncMock({ clock: "manual" });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("POST /v2/generate (JSON)", () => {
  it("answers 201 with a PENDING generation whose every field is present", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await t.api.post("/v2/generate", { key, json: generationBody({ options: { sync_mode: "loop" } }) });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: "PENDING", model: "lipsync-2", options: { sync_mode: "loop" }, outputUrl: null, error: null });
    expect(body.id).toMatch(UUID);
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(body).sort()).toEqual(
      ["createdAt", "error", "errorCode", "error_code", "id", "input", "model", "options", "outputDuration", "outputFileName", "outputUrl", "projectId", "segmentOutputUrl", "segments", "status", "webhookUrl"].sort(),
    );
  });

  it("echoes inputs, segments, webhookUrl and unknown option keys as sent", async () => {
    const request = generationBody({
      input: [
        { type: "video", url: "https://cdn.test/v.mp4" },
        { type: "audio", url: "https://cdn.test/a.wav", refId: "a" },
        { type: "text", provider: { name: "elevenlabs", voiceId: "v1", script: "Hello there" }, refId: "b" },
      ],
      segments: [
        { startTime: 0, endTime: 4, audioInput: { refId: "a" } },
        { startTime: 4, endTime: 8, audioInput: { refId: "b" } },
      ],
      options: { temperature: 0.3, reasoning_enabled: true },
      webhookUrl: "https://hooks.test/sync",
      outputFileName: "my_output-1",
    });
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), json: request });
    expect(status).toBe(201);
    expect(body).toMatchObject({ input: request.input, segments: request.segments, options: request.options, webhookUrl: "https://hooks.test/sync", outputFileName: "my_output-1" });
  });

  it("tolerates unknown top-level fields, so newer SDKs keep working", async () => {
    const { status } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), json: generationBody({ someFutureField: { x: 1 } }) });
    expect(status).toBe(201);
  });
});

describe("the lifecycle", () => {
  it("answers repeated polls with the generation's JSON as the list shows it, at each status", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const poll = async () => {
      const response = await fetch(`${t.mock.baseUrl}/v2/generate/${created.id}`, { headers: { "x-api-key": key } });
      return { contentType: response.headers.get("content-type"), text: await response.text() };
    };
    const listed = async () => JSON.stringify((await t.api.get(`/v2/generations?ids=${created.id}`, { key })).body[0]);
    for (const advanceMs of [0, 250, 1_000]) {
      await t.mock.admin.advance(advanceMs, key);
      const [first, second] = [await poll(), await poll()];
      expect(first).toEqual({ contentType: "application/json", text: await listed() });
      expect(second).toEqual(first);
    }
    expect(JSON.parse((await poll()).text).status).toBe("COMPLETED");
  });

  it("moves PENDING → PROCESSING → COMPLETED as the tenant's clock advances", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const status = async () => (await t.api.get(`/v2/generate/${created.id}`, { key })).body;
    expect((await status()).status).toBe("PENDING");
    await t.mock.admin.advance(250, key);
    expect((await status()).status).toBe("PROCESSING");
    await t.mock.admin.advance(1_000, key);
    const done = await status();
    expect(done).toMatchObject({ status: "COMPLETED", outputDuration: 10, error: null, errorCode: null });
    expect(done.outputUrl).toMatch(new RegExp(`^${t.mock.baseUrl}/v2/generations/${created.id}/result\\?token=[0-9a-f-]{36}$`));
  });

  it("moves only the advanced tenant's generations", async () => {
    const [a, b] = [t.mock.apiKey(), t.mock.apiKey()];
    const { body: ga } = await t.api.post("/v2/generate", { key: a, json: generationBody() });
    const { body: gb } = await t.api.post("/v2/generate", { key: b, json: generationBody() });
    await t.mock.admin.advance(10_000, a);
    expect((await t.api.get(`/v2/generate/${ga.id}`, { key: a })).body.status).toBe("COMPLETED");
    expect((await t.api.get(`/v2/generate/${gb.id}`, { key: b })).body.status).toBe("PENDING");
  });

  it.each([
    ["an unreachable video", "https://cdn.test/unreachable.mp4", "https://cdn.test/a.wav", "FAILED", "generation_input_video_inaccessible"],
    ["an unreachable audio", "https://cdn.test/v.mp4", "https://cdn.test/unreachable.wav", "FAILED", "generation_input_audio_inaccessible"],
    ["a corrupt video", "https://cdn.test/corrupt.mp4", "https://cdn.test/a.wav", "FAILED", "generation_input_video_invalid"],
    ["audio over 300 s", "https://cdn.test/v.mp4", "https://cdn.test/speech-400s.wav", "FAILED", "generation_input_duration_greater_than_max_duration"],
  ])("ends FAILED for %s, with both error-code spellings", async (_name, videoUrl, audioUrl, status, code) => {
    const key = t.mock.apiKey();
    const json = generationBody({ input: [{ type: "video", url: videoUrl }, { type: "audio", url: audioUrl }] });
    const { body: created } = await t.api.post("/v2/generate", { key, json });
    await t.mock.admin.advance(60_000, key);
    const { body } = await t.api.get(`/v2/generate/${created.id}`, { key });
    expect(body).toMatchObject({ status, error_code: code, errorCode: code, outputUrl: null, outputDuration: null });
    expect(body.error).toEqual(expect.any(String));
  });

  it("REJECTS react-1 over 15 s and outputs over the plan's cap", async () => {
    const key = t.mock.apiKey("free");
    const react = generationBody({ model: "react-1", input: [{ type: "video", url: "https://cdn.test/v-16s.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] });
    const { body: g1 } = await t.api.post("/v2/generate", { key, json: react });
    await t.mock.admin.advance(60_000, key);
    const long = generationBody({ input: [{ type: "video", url: "https://cdn.test/v.mp4" }, { type: "audio", url: "https://cdn.test/a-25s.wav" }] });
    const { body: g2 } = await t.api.post("/v2/generate", { key, json: long });
    await t.mock.admin.advance(60_000, key);
    expect((await t.api.get(`/v2/generate/${g1.id}`, { key })).body).toMatchObject({ status: "REJECTED", errorCode: "generation_model_duration_exceeded" });
    expect((await t.api.get(`/v2/generate/${g2.id}`, { key })).body).toMatchObject({ status: "REJECTED", errorCode: "generation_plan_duration_exceeded" });
  });
});

describe("GET /v2/generate/{id}", () => {
  it("answers 404 for an unknown id and for another key's generation alike", async () => {
    const [owner, stranger] = [t.mock.apiKey(), t.mock.apiKey()];
    const { body: created } = await t.api.post("/v2/generate", { key: owner, json: generationBody() });
    const theirs = await t.api.get(`/v2/generate/${created.id}`, { key: stranger });
    const unknown = await t.api.get(`/v2/generate/6533643b-aceb-4c40-967e-d9ba9baac39e`, { key: stranger });
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.body).toEqual({ ...unknown.body, message: `Generation ${created.id} not found` });
    expect(theirs.body.errorCode).toBe("generation_not_found");
  });

  it("answers 400 invalid_generation_id for an id that is not a UUID", async () => {
    const { status, body } = await t.api.get("/v2/generate/not-a-uuid", { key: t.mock.apiKey() });
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, errorCode: "invalid_generation_id", error: "Bad Request" });
  });

  it("adds progress_percent with include=progress", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect((await t.api.get(`/v2/generate/${created.id}?include=progress`, { key })).body.progress_percent).toBe(0);
    await t.mock.admin.advance(750, key);
    expect((await t.api.get(`/v2/generate/${created.id}?include=progress`, { key })).body.progress_percent).toBe(50);
    await t.mock.admin.advance(10_000, key);
    expect((await t.api.get(`/v2/generate/${created.id}?include=progress`, { key })).body.progress_percent).toBe(100);
    expect((await t.api.get(`/v2/generate/${created.id}`, { key })).body).not.toHaveProperty("progress_percent");
  });

  describe("long poll (wait=true)", () => {
    it("returns as soon as an advance makes the generation terminal", async () => {
      const key = t.mock.apiKey();
      const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
      const polled = t.api.get(`/v2/generate/${created.id}?wait=true&timeout=10`, { key });
      await t.mock.admin.advance(5_000, key);
      const { status, body, headers } = await polled;
      expect(status).toBe(200);
      expect(body.status).toBe("COMPLETED");
      expect(headers.get("x-sync-wait-mode")).toBe("long_poll");
      expect(headers.get("x-sync-wait-timeout-seconds")).toBe("10");
      expect(headers.get("retry-after")).toBe("2");
    });

    it("returns the generation as it is when the timeout passes first", async () => {
      const key = t.mock.apiKey();
      const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
      const { status, body } = await t.api.get(`/v2/generate/${created.id}?wait=true&timeout=1`, { key });
      expect(status).toBe(200);
      expect(body.status).toBe("PENDING");
    });

    it.each(["0", "11", "abc"])("refuses timeout=%s with 400", async (timeout) => {
      const key = t.mock.apiKey();
      const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
      const { status, body } = await t.api.get(`/v2/generate/${created.id}?wait=true&timeout=${timeout}`, { key });
      expect(status).toBe(400);
      expect(body.message).toEqual([expect.stringContaining("timeout")]);
    });

    it("refuses wait together with include=progress", async () => {
      const key = t.mock.apiKey();
      const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
      expect((await t.api.get(`/v2/generate/${created.id}?wait=true&include=progress`, { key })).status).toBe(400);
    });
  });
});

describe("GET /v2/generations", () => {
  async function seed(key: string, count: number) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await t.api.post("/v2/generate", { key, json: generationBody() })).body.id);
      await t.mock.admin.advance(100, key);
    }
    return ids;
  }

  it("lists a key's generations newest first, as a bare array, and only that key's", async () => {
    const key = t.mock.apiKey();
    const ids = await seed(key, 3);
    await seed(t.mock.apiKey(), 1);
    const { status, body } = await t.api.get("/v2/generations", { key });
    expect(status).toBe(200);
    expect(body.map((g: { id: string }) => g.id)).toEqual([...ids].reverse());
  });

  it("filters by status in all three encodings", async () => {
    const key = t.mock.apiKey();
    const [first] = await seed(key, 1);
    await t.mock.admin.advance(10_000, key);
    const [second] = await seed(key, 1);
    for (const query of ["status=COMPLETED", "status=COMPLETED,FAILED", "status=COMPLETED&status=FAILED", `status=${encodeURIComponent('["COMPLETED"]')}`, `status=${encodeURIComponent('"COMPLETED"')}`]) {
      const { body } = await t.api.get(`/v2/generations?${query}`, { key });
      expect(body.map((g: { id: string }) => g.id), query).toEqual([first]);
    }
    const { body: pending } = await t.api.get("/v2/generations?status=PENDING", { key });
    expect(pending.map((g: { id: string }) => g.id)).toEqual([second]);
  });

  it("filters by ids in all three encodings", async () => {
    const key = t.mock.apiKey();
    const [a, b, c] = await seed(key, 3);
    for (const query of [`ids=${a},${c}`, `ids=${a}&ids=${c}`, `ids=${encodeURIComponent(JSON.stringify([a, c]))}`]) {
      const { body } = await t.api.get(`/v2/generations?${query}`, { key });
      expect(body.map((g: { id: string }) => g.id), query).toEqual([c, a]);
    }
    expect(b).toBeDefined();
  });

  it("pages with limit and cursor", async () => {
    const key = t.mock.apiKey();
    const ids = [...(await seed(key, 5))].reverse();
    const page1 = (await t.api.get("/v2/generations?limit=2", { key })).body.map((g: { id: string }) => g.id);
    const page2 = (await t.api.get(`/v2/generations?limit=2&cursor=${page1[1]}`, { key })).body.map((g: { id: string }) => g.id);
    const page3 = (await t.api.get(`/v2/generations?limit=2&cursor=${page2[1]}`, { key })).body.map((g: { id: string }) => g.id);
    expect([...page1, ...page2, ...page3]).toEqual(ids);
    expect(page3).toHaveLength(1);
  });

  it.each([
    ["an unknown status", "status=DONE"],
    ["a limit over 100", "limit=101"],
    ["a limit of 0", "limit=0"],
    ["a cursor without limit", "cursor=abc"],
    ["an unknown cursor", "limit=2&cursor=6533643b-aceb-4c40-967e-d9ba9baac39e"],
    ["broken JSON", `ids=${encodeURIComponent('["a"')}`],
  ])("answers 400 for %s", async (_name, query) => {
    const { status, body } = await t.api.get(`/v2/generations?${query}`, { key: t.mock.apiKey() });
    expect(status).toBe(400);
    expect(body.message).toEqual(expect.any(Array));
  });
});

describe("concurrency", () => {
  it("answers 429 with Retry-After and the documented body past the plan's limit", async () => {
    const key = t.mock.apiKey("creator");
    for (let i = 0; i < 3; i++) expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    const { status, body, headers } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect(status).toBe(429);
    expect(body).toMatchObject({ statusCode: 429, errorCode: "concurrency_limit_reached", activeGenerations: 3, concurrencyLimit: 3, retryAfterSeconds: 2 });
    expect(headers.get("retry-after")).toBe("2");
  });

  it("frees a slot when a generation finishes", async () => {
    const key = t.mock.apiKey("free");
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(429);
    await t.mock.admin.advance(1_250, key);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
  });

  it.each([
    ["free", 1],
    ["hobbyist", 1],
    ["growth", 6],
    ["scale", 15],
    ["enterprise", 50],
  ])("allows %s keys %i in flight", async (plan, limit) => {
    const key = t.mock.apiKey(plan);
    for (let i = 0; i < limit; i++) expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(429);
  });
});

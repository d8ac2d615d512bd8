import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { useSyncMock } from "./helpers/mock.js";


const t = useSyncMock({ clock: "manual", scenario: "keys:\n  - { match: \"free_*\", plan: free }\nlimits:\n  maxUploadBytes: 65536\n" });

function form(parts: Record<string, string | Blob | Array<string>>, files: Record<string, [Blob, string]> = {}): FormData {
  const data = new FormData();
  for (const [name, [blob, filename]] of Object.entries(files)) data.append(name, blob, filename);
  for (const [name, value] of Object.entries(parts)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  return data;
}
const bytes = (n: number, type = "application/octet-stream") => new Blob([new Uint8Array(n).fill(7)], { type });
const uploadsOnDisk = () => readdirSync(t.mock.server.deps.uploadDir).length;

describe("POST /v2/generate (multipart)", () => {
  it("turns uploaded files into assets referenced by assetId", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await t.api.post("/v2/generate", {
      key,
      body: form({ model: "lipsync-2", options: JSON.stringify({ sync_mode: "loop" }) }, { video: [bytes(1000, "video/mp4"), "talk.mp4"], audio: [bytes(500, "audio/wav"), "voice.wav"] }),
    });
    expect(status).toBe(201);
    expect(body.options).toEqual({ sync_mode: "loop" });
    expect(body.input).toEqual([
      { type: "video", assetId: expect.any(String) },
      { type: "audio", assetId: expect.any(String) },
    ]);
    const video = await t.api.get(`/v2/assets/${body.input[0].assetId}`, { key });
    expect(video.body).toMatchObject({ type: "VIDEO", name: "talk.mp4", size: 1000, format: "mp4", inputType: "UPLOAD", durationSeconds: 10 });
    const file = await t.api.get(video.body.url.slice(t.mock.baseUrl.length));
    expect(file.status).toBe(200);
    expect((file.body as Buffer).length).toBe(1000);
  });

  it("accepts input as one part per item (the TypeScript SDK) and a file wins over a URL of its type", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await t.api.post("/v2/generate", {
      key,
      body: form(
        {
          model: "lipsync-2",
          input: [JSON.stringify({ type: "video", url: "https://cdn.test/ignored.mp4" }), JSON.stringify({ type: "audio", url: "https://cdn.test/a.wav" })],
          webhookUrl: "https://hooks.test/x",
        },
        { video: [bytes(10), "clip.mp4"] },
      ),
    });
    expect(status).toBe(201);
    expect(body.input).toEqual([
      { type: "video", assetId: expect.any(String) },
      { type: "audio", url: "https://cdn.test/a.wav" },
    ]);
    expect(body.webhookUrl).toBe("https://hooks.test/x");
  });

  it("accepts input as one JSON array", async () => {
    const { status, body } = await t.api.post("/v2/generate", {
      key: t.mock.apiKey(),
      body: form({ model: "lipsync-2", input: JSON.stringify([{ type: "video", url: "https://cdn.test/v.mp4" }]) }, { audio: [bytes(10), "a.wav"] }),
    });
    expect(status).toBe(201);
    expect(body.input).toEqual([{ type: "video", url: "https://cdn.test/v.mp4" }, { type: "audio", assetId: expect.any(String) }]);
  });

  it("answers 413 for a file over the per-file limit and keeps nothing", async () => {
    const key = t.mock.apiKey();
    const before = uploadsOnDisk();
    const { status, body } = await t.api.post("/v2/generate", { key, body: form({ model: "lipsync-2" }, { video: [bytes(70_000), "big.mp4"], audio: [bytes(10), "a.wav"] }) });
    expect(status).toBe(413);
    expect(body).toMatchObject({ statusCode: 413, errorCode: "generation_input_validation_failed", message: 'File "video" is larger than the 64 KB upload limit' });
    expect((await t.api.get("/v2/assets", { key })).body.totalCount).toBe(0);
    await expect.poll(uploadsOnDisk).toBe(before);
  });

  it("discards the uploads when the request is invalid (no orphan assets)", async () => {
    const key = t.mock.apiKey();
    const before = uploadsOnDisk();
    const { status, body } = await t.api.post("/v2/generate", { key, body: form({ model: "lipsync-9" }, { video: [bytes(100), "v.mp4"], audio: [bytes(100), "a.wav"] }) });
    expect(status).toBe(400);
    expect(body.message).toEqual([expect.stringMatching(/^model must be one of/)]);
    expect((await t.api.get("/v2/assets", { key })).body.totalCount).toBe(0);
    expect(uploadsOnDisk()).toBe(before);
  });

  it("discards the uploads when the plan's concurrency is exhausted", async () => {
    const key = t.mock.apiKey("free");
    await t.api.post("/v2/generate", { key, body: form({ model: "lipsync-2" }, { video: [bytes(10), "v.mp4"], audio: [bytes(10), "a.wav"] }) });
    const { status } = await t.api.post("/v2/generate", { key, body: form({ model: "lipsync-2" }, { video: [bytes(10), "v.mp4"], audio: [bytes(10), "a.wav"] }) });
    expect(status).toBe(429);
    expect((await t.api.get("/v2/assets", { key })).body.totalCount).toBe(2);
  });

  it.each([
    ["invalid JSON in input", { model: "lipsync-2", input: "{nope" }, "input must be valid JSON"],
    ["invalid JSON in options", { model: "lipsync-2", options: "[" }, "options must be valid JSON"],
  ])("answers 400 for %s", async (_name, parts, message) => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: form(parts, { video: [bytes(10), "v.mp4"], audio: [bytes(10), "a.wav"] }) });
    expect(status).toBe(400);
    expect(body.message).toContain(message);
  });

  it("answers 400 for a second file of the same type", async () => {
    const data = form({ model: "lipsync-2" }, { video: [bytes(10), "v.mp4"], audio: [bytes(10), "a.wav"] });
    data.append("video", bytes(10), "v2.mp4");
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: data });
    expect(status).toBe(400);
    expect(body.message).toContain("only one video file may be uploaded");
  });

  it("answers 400 for a multipart body without a boundary", async () => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: "--x\r\n", headers: { "content-type": "multipart/form-data" } });
    expect(status).toBe(400);
    expect(body.message).toMatch(/multipart/i);
  });

  it("answers 400 for a truncated multipart body", async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="model"\r\n\r\nlipsync-2\r\n--b\r\nContent-Disposition: form-data; name="video"; filename="v.mp4"\r\n\r\nabc';
    const answer = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body, headers: { "content-type": "multipart/form-data; boundary=b" } });
    expect(answer.status).toBe(400);
  });
});

describe("GET /v2/assets", () => {
  async function upload(key: string, name: string, size: number, field = "video") {
    const files: Record<string, [Blob, string]> = { [field]: [bytes(size), name] };
    if (field !== "audio") files.audio = [bytes(1), `${name}.wav`];
    if (field !== "video") files.video = [bytes(1), `${name}.mp4`];
    expect((await t.api.post("/v2/generate", { key, body: form({ model: "lipsync-2" }, files) })).status).toBe(201);
    await t.mock.admin.advance(1_000, key);
  }

  it("pages with limit and nextCursor, newest first by default, with totalCount", async () => {
    const key = t.mock.apiKey();
    for (const n of ["a", "b", "c"]) await upload(key, `${n}.mp4`, 10);
    const page1 = (await t.api.get("/v2/assets?limit=4", { key })).body;
    expect(page1.totalCount).toBe(6);
    expect(page1.items).toHaveLength(4);
    const page2 = (await t.api.get(`/v2/assets?limit=4&cursor=${page1.nextCursor}`, { key })).body;
    expect(page2.items).toHaveLength(2);
    expect(page2).not.toHaveProperty("nextCursor");
    const names = [...page1.items, ...page2.items].map((a: { name: string }) => a.name);
    expect(names.filter((n: string) => n.endsWith(".mp4") && !n.includes(".mp4.")).slice(0, 3)).toEqual(["c.mp4", "b.mp4", "a.mp4"]);
  });

  it("defaults to pages of 10", async () => {
    const key = t.mock.apiKey();
    for (let i = 0; i < 6; i++) await upload(key, `clip${i}.mp4`, 10);
    expect((await t.api.get("/v2/assets", { key })).body.items).toHaveLength(10);
  });

  it("filters by types in all three encodings, and by searchQuery", async () => {
    const key = t.mock.apiKey();
    await upload(key, "interview.mp4", 10);
    for (const query of ["types=AUDIO", `types=${encodeURIComponent('["AUDIO"]')}`, "types=AUDIO&types=IMAGE"]) {
      const { body } = await t.api.get(`/v2/assets?${query}`, { key });
      expect(body.items.map((a: { type: string }) => a.type), query).toEqual(["AUDIO"]);
    }
    expect((await t.api.get("/v2/assets?searchQuery=INTERVIEW.MP4", { key })).body.totalCount).toBe(2);
  });

  it("sorts by size", async () => {
    const key = t.mock.apiKey();
    await upload(key, "big.mp4", 300);
    await upload(key, "small.mp4", 20);
    const { body } = await t.api.get("/v2/assets?sortBy=sizeDesc&types=VIDEO", { key });
    expect(body.items.map((a: { size: number }) => a.size)).toEqual([300, 20]);
  });

  it.each(["limit=0", "limit=101", "sortBy=biggest", "types=GIF", "cursor=garbage"])("answers 400 for %s", async (query) => {
    expect((await t.api.get(`/v2/assets?${query}`, { key: t.mock.apiKey() })).status).toBe(400);
  });

  it("answers 404 asset_not_found for another key's asset", async () => {
    const owner = t.mock.apiKey();
    await upload(owner, "mine.mp4", 10);
    const id = (await t.api.get("/v2/assets", { key: owner })).body.items[0].id;
    const { status, body } = await t.api.get(`/v2/assets/${id}`, { key: t.mock.apiKey() });
    expect(status).toBe(404);
    expect(body.errorCode).toBe("asset_not_found");
  });

  it("uses an uploaded asset by assetId in a later generation", async () => {
    const key = t.mock.apiKey();
    await upload(key, "reuse.mp4", 10);
    const video = (await t.api.get("/v2/assets?types=VIDEO", { key })).body.items[0];
    const json = { model: "lipsync-2", input: [{ type: "video", assetId: video.id }, { type: "audio", url: "https://cdn.test/a.wav" }] };
    expect((await t.api.post("/v2/generate", { key, json })).status).toBe(201);
    const wrongSlot = { model: "lipsync-2", input: [{ type: "video", url: "https://cdn.test/v.mp4" }, { type: "audio", assetId: video.id }] };
    const refused = await t.api.post("/v2/generate", { key, json: wrongSlot });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual(["input.1.assetId is a VIDEO asset, not AUDIO"]);
  });
});

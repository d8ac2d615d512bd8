/**
 * The asset operations beyond get and list (facts §9.4): register from a URL, update, delete, count, get
 * several, the download URL; their errors and tenant isolation.
 */
import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });
const UNKNOWN = "6533643b-aceb-4c40-967e-d9ba9baac39e";

async function registered(key: string, json: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { status, body } = await t.api.post("/v2/assets", { key, json: { url: "https://cdn.test/media/talk.mp4", type: "VIDEO", ...json } });
  expect(status).toBe(201);
  return body;
}

async function uploaded(key: string): Promise<Record<string, any>> {
  const form = new FormData();
  form.append("video", new Blob([new Uint8Array(2048)]), "clip.mp4");
  form.append("audio", new Blob([new Uint8Array(64)]), "voice.wav");
  form.append("model", "lipsync-2");
  const { body } = await t.api.post("/v2/generate", { key, body: form });
  return (await t.api.get(`/v2/assets/${body.input[0].assetId}`, { key })).body;
}

describe("POST /v2/assets", () => {
  it("registers a public URL as a URL asset, answered by get, list, count and download", async () => {
    const key = t.mock.apiKey();
    const asset = await registered(key, { visibility: "USER" });
    expect(asset).toMatchObject({ name: "talk.mp4", type: "VIDEO", url: "https://cdn.test/media/talk.mp4", inputType: "URL", size: null, format: "mp4", visibility: "USER", durationSeconds: 10 });
    expect(asset.updatedAt).toBe(asset.createdAt);
    expect((await t.api.get(`/v2/assets/${asset.id}`, { key })).body).toEqual(asset);
    expect((await t.api.get("/v2/assets", { key })).body.items).toEqual([asset]);
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(1);
    const download = await t.api.get(`/v2/assets/${asset.id}/download`, { key });
    expect(download.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(download.body).toBe("https://cdn.test/media/talk.mp4");
  });

  it("is read from its URL by a generation that names it by assetId (the media catalogue applies to that URL)", async () => {
    const key = t.mock.apiKey();
    const asset = await registered(key, { url: "https://cdn.test/unreachable/talk.mp4" });
    const { status, body } = await t.api.post("/v2/generate", { key, json: generationBody({ input: [{ type: "video", assetId: asset.id }, { type: "audio", url: "https://cdn.test/a.wav" }] }) });
    expect(status).toBe(201);
    expect(body.input[0]).toEqual({ type: "video", assetId: asset.id });
    await t.mock.admin.advance(60_000, key);
    const done = (await t.api.get(`/v2/generate/${body.id}`, { key })).body;
    expect(done).toMatchObject({ status: "FAILED", error_code: "generation_input_video_inaccessible" });
  });

  it("answers 400 for a body without url or type, naming each field", async () => {
    const { status, body } = await t.api.post("/v2/assets", { key: t.mock.apiKey(), json: { name: "x" } });
    expect(status).toBe(400);
    expect(body.message.join(" ")).toMatch(/url/);
    expect(body.message.join(" ")).toMatch(/type/);
  });

  it("answers 404 project_not_found for a projectId (the mock has no projects) and stores nothing", async () => {
    const key = t.mock.apiKey();
    const { status, body } = await t.api.post("/v2/assets", { key, json: { url: "https://cdn.test/a.mp4", type: "VIDEO", projectId: UNKNOWN } });
    expect(status).toBe(404);
    expect(body.errorCode).toBe("project_not_found");
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(0);
  });
});

describe("PATCH /v2/assets/{id}", () => {
  it("changes the given fields only and moves updatedAt to the key's time", async () => {
    const key = t.mock.apiKey();
    const asset = await registered(key);
    await t.mock.admin.advance(5_000, key);
    const { status, body } = await t.api.request("PATCH", `/v2/assets/${asset.id}`, { key, json: { name: "renamed.mp4", width: 1920, height: 1080, durationSeconds: 12.5 } });
    expect(status).toBe(200);
    expect(body).toEqual({ ...asset, name: "renamed.mp4", width: 1920, height: 1080, durationSeconds: 12.5, updatedAt: body.updatedAt });
    expect(Date.parse(body.updatedAt) - Date.parse(asset.updatedAt)).toBe(5_000);
    expect((await t.api.get(`/v2/assets/${asset.id}`, { key })).body).toEqual(body);
  });

  it("answers 400 for a field of the wrong type, and changes nothing", async () => {
    const key = t.mock.apiKey();
    const asset = await registered(key);
    const { status } = await t.api.request("PATCH", `/v2/assets/${asset.id}`, { key, json: { width: "wide", visibility: "EVERYONE" } });
    expect(status).toBe(400);
    expect((await t.api.get(`/v2/assets/${asset.id}`, { key })).body).toEqual(asset);
  });

  it("answers 403 asset_forbidden while a generation in flight reads the asset, and allows it once that one finished", async () => {
    const key = t.mock.apiKey();
    const asset = await uploaded(key);
    const patch = () => t.api.request("PATCH", `/v2/assets/${asset.id}`, { key, json: { name: "later.mp4" } });
    const refused = await patch();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, error: "Forbidden", errorCode: "asset_forbidden" });
    expect(refused.body.message).toMatch(/is an input of generation .* PENDING/);
    await t.mock.admin.advance(60_000, key);
    expect((await patch()).status).toBe(200);
  });

  it("answers 404 asset_not_found for an unknown or another key's asset, 400 invalid_asset_id_format for a malformed id", async () => {
    const asset = await registered(t.mock.apiKey());
    for (const id of [UNKNOWN, asset.id]) {
      const { status, body } = await t.api.request("PATCH", `/v2/assets/${id}`, { key: t.mock.apiKey(), json: { name: "x" } });
      expect(status).toBe(404);
      expect(body.errorCode).toBe("asset_not_found");
    }
    const malformed = await t.api.request("PATCH", "/v2/assets/not-an-id", { key: t.mock.apiKey(), json: { name: "x" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ errorCode: "invalid_asset_id_format", message: '"not-an-id" is not a valid asset id' });
  });
});

describe("DELETE /v2/assets/{id}", () => {
  it("answers the asset as it was; it is then gone from get, list, count, batch and its file URL", async () => {
    const key = t.mock.apiKey();
    const asset = await uploaded(key);
    await t.mock.admin.advance(60_000, key); // the generation that read it has finished
    expect((await fetch(asset.url)).status).toBe(200);
    const { status, body } = await t.api.request("DELETE", `/v2/assets/${asset.id}`, { key });
    expect(status).toBe(200);
    expect(body).toEqual(asset);
    expect((await t.api.get(`/v2/assets/${asset.id}`, { key })).status).toBe(404);
    expect((await t.api.get("/v2/assets", { key })).body.items.map((a: any) => a.id)).not.toContain(asset.id);
    expect((await t.api.post("/v2/assets/batch", { key, json: { ids: asset.id } })).body).toEqual([]);
    expect((await fetch(asset.url)).status).toBe(404);
    expect((await t.api.request("DELETE", `/v2/assets/${asset.id}`, { key })).status).toBe(404);
  });

  it("answers 403 asset_forbidden while a generation in flight reads it, and keeps it", async () => {
    const key = t.mock.apiKey();
    const asset = await uploaded(key);
    const { status, body } = await t.api.request("DELETE", `/v2/assets/${asset.id}`, { key });
    expect(status).toBe(403);
    expect(body.errorCode).toBe("asset_forbidden");
    expect((await fetch(asset.url)).status).toBe(200);
  });

  it("does not delete another key's asset", async () => {
    const owner = t.mock.apiKey();
    const asset = await registered(owner);
    const { status, body } = await t.api.request("DELETE", `/v2/assets/${asset.id}`, { key: t.mock.apiKey() });
    expect(status).toBe(404);
    expect(body.errorCode).toBe("asset_not_found");
    expect((await t.api.get(`/v2/assets/${asset.id}`, { key: owner })).status).toBe(200);
  });
});

describe("GET /v2/assets/count", () => {
  it("counts the key's assets with the list's filters", async () => {
    const key = t.mock.apiKey();
    await registered(key, { url: "https://cdn.test/one.mp4", name: "Intro clip" });
    await registered(key, { url: "https://cdn.test/two.wav", type: "AUDIO", name: "voice" });
    await registered(key, { url: "https://cdn.test/three.png", type: "IMAGE", name: "intro still" });
    const count = async (query: string) => (await t.api.get(`/v2/assets/count${query}`, { key })).body;
    expect(await count("")).toBe(3);
    expect(await count("?types=AUDIO,IMAGE")).toBe(2);
    expect(await count(`?types=${encodeURIComponent('["VIDEO"]')}`)).toBe(1);
    expect(await count("?searchQuery=INTRO")).toBe(2);
    expect(await count(`?projectId=${UNKNOWN}`)).toBe(0);
    expect((await t.api.get("/v2/assets/count", { key: t.mock.apiKey() })).body).toBe(0);
    expect((await t.api.get("/v2/assets/count?types=MOVIE", { key })).status).toBe(400);
  });
});

describe("POST /v2/assets/batch", () => {
  it("answers the key's assets of one id or many, in the order asked, leaving out unknown and other keys' ids", async () => {
    const key = t.mock.apiKey();
    const [a, b] = [await registered(key), await registered(key)];
    const foreign = await registered(t.mock.apiKey());
    const one = await t.api.post("/v2/assets/batch", { key, json: { ids: a.id } });
    expect(one.status).toBe(200);
    expect(one.body).toEqual([a]);
    const many = await t.api.post("/v2/assets/batch", { key, json: { ids: [b.id, UNKNOWN, foreign.id, a.id, b.id] } });
    expect(many.body).toEqual([b, a]);
  });

  it("answers 400 for no ids, more than 100, or an id that is not a UUID", async () => {
    const key = t.mock.apiKey();
    for (const ids of [[], Array.from({ length: 101 }, () => UNKNOWN), ["nope"], undefined]) {
      const { status, body } = await t.api.post("/v2/assets/batch", { key, json: { ids } });
      expect(status, JSON.stringify(ids)?.slice(0, 40)).toBe(400);
      expect(body.message.join(" ")).toMatch(/ids/);
    }
  });
});

describe("GET /v2/assets/{id}", () => {
  it("answers 400 invalid_asset_id_format for a malformed id", async () => {
    const { status, body } = await t.api.get("/v2/assets/not-an-id", { key: t.mock.apiKey() });
    expect(status).toBe(400);
    expect(body.errorCode).toBe("invalid_asset_id_format");
  });

  it("answers a downloaded asset's file URL for an uploaded one", async () => {
    const key = t.mock.apiKey();
    const asset = await uploaded(key);
    expect((await t.api.get(`/v2/assets/${asset.id}/download`, { key })).body).toBe(asset.url);
  });
});

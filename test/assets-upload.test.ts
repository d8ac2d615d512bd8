/**
 * The presigned upload flow (facts §9.4) end to end: presign, PUT the bytes to the mock's uploadUrl (S3's
 * answers, XML errors), use the asset by id (through the official SDK) or by its url, register it with
 * POST /v2/assets; and every way an upload can go wrong, with nothing stored.
 */
import { createHash } from "node:crypto";
import { SyncClient } from "@sync.so/sdk";
import { describe, expect, it } from "vitest";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });
const MB = 1024 * 1024;

async function presign(key: string, json: Record<string, unknown> = {}) {
  const answer = await t.api.post("/v2/assets/upload", { key, json: { fileName: "talking head.mp4", contentType: "video/mp4", size: 1024, ...json } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { uploadUrl: string; url: string; expiresIn: number };
}

/** PUTs `bytes` the way a client following the docs does (no API key), streamed. */
function put(uploadUrl: string, bytes: Uint8Array, contentType = "video/mp4") {
  const body = new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += MB) controller.enqueue(bytes.subarray(at, at + MB));
      controller.close();
    },
  });
  return t.api.request("PUT", uploadUrl.slice(t.mock.baseUrl.length), { body, headers: { "content-type": contentType } });
}

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

function xmlCode(body: unknown): string | undefined {
  return /<Code>(\w+)<\/Code>/.exec(String(body))?.[1];
}

describe("POST /v2/assets/upload", () => {
  it("presigns a PUT on the mock, valid for an hour, and a url the file will be served at", async () => {
    const { uploadUrl, url, expiresIn } = await presign(t.mock.apiKey());
    expect(expiresIn).toBe(3600);
    expect(uploadUrl).toMatch(new RegExp(`^${t.mock.baseUrl}/uploads/[0-9a-f-]{36}/talking%20head\\.mp4\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`));
    expect(new URL(uploadUrl).searchParams.get("X-Amz-Expires")).toBe("3600");
    expect(url).toMatch(new RegExp(`^${t.mock.baseUrl}/v2/assets/[0-9a-f-]{36}/file/talking%20head\\.mp4\\?token=`));
    expect((await fetch(url)).status).toBe(404); // nothing uploaded yet
  });

  it("answers 422 file_size_exceeds_plan_limit over the plan's per-file limit (free: 100 MB)", async () => {
    const { status, body } = await t.api.post("/v2/assets/upload", { key: t.mock.apiKey("free"), json: { fileName: "big.mp4", contentType: "video/mp4", size: 100 * MB + 1 } });
    expect(status).toBe(422);
    expect(body).toMatchObject({ statusCode: 422, error: "Unprocessable Entity", errorCode: "file_size_exceeds_plan_limit" });
    expect(body.message).toBe("The file is 104857601 bytes; the free plan allows assets of up to 100 MB");
    expect((await t.api.post("/v2/assets/upload", { key: t.mock.apiKey("scale"), json: { fileName: "big.mp4", contentType: "video/mp4", size: 100 * MB + 1 } })).status).toBe(201);
  });

  it("takes the per-file limit from the scenario: per plan, or a key rule's maxAssetBytes over it", async () => {
    const presignOf = (key: string, size: number) => t.api.post("/v2/assets/upload", { key, json: { fileName: "a.mp4", contentType: "video/mp4", size } });
    const perPlan = t.mock.apiKey("scale");
    await t.mock.admin.setScenario({ name: "small-assets", limits: { assetBytes: { scale: 1000 } } }, perPlan);
    expect((await presignOf(perPlan, 1000)).status).toBe(201);
    const over = await presignOf(perPlan, 1001);
    expect(over.status).toBe(422);
    expect(over.body.message).toBe("The file is 1001 bytes; the scale plan allows assets of up to 1000 bytes");
    const perKey = t.mock.apiKey("free");
    await t.mock.admin.setScenario({ name: "big-key", keys: [{ match: "free_*", plan: "free", limits: { maxAssetBytes: 200 * MB } }] }, perKey);
    expect((await presignOf(perKey, 150 * MB)).status).toBe(201);
  });

  it("answers 400 for a missing field, a size over 5 GB, or a type that is not audio, video or image", async () => {
    for (const json of [{ fileName: "a.mp4", contentType: "video/mp4" }, { fileName: "a.mp4", contentType: "video/mp4", size: 5 * 1024 * MB + 1 }, { fileName: "a.pdf", contentType: "application/pdf", size: 10 }]) {
      const { status, body } = await t.api.post("/v2/assets/upload", { key: t.mock.apiKey(), json });
      expect(status, JSON.stringify(json)).toBe(400);
      expect(Array.isArray(body.message)).toBe(true);
    }
  });
});

describe("PUT to the uploadUrl", () => {
  it("streams 30 MB to an asset usable by id through the official SDK, which polls its generation to COMPLETED", async () => {
    const key = t.mock.apiKey();
    const bytes = new Uint8Array(30 * MB);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const { uploadUrl, url } = await presign(key, { fileName: "face.mp4", size: bytes.length });
    const stored = await put(uploadUrl, bytes);
    expect(stored.status).toBe(200);
    expect(stored.headers.get("etag")).toBe(`"${md5(bytes)}"`);

    const served = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(served.length).toBe(bytes.length);
    expect(md5(served)).toBe(md5(bytes));

    const { items } = (await t.api.get("/v2/assets", { key })).body;
    expect(items).toHaveLength(1);
    const asset = items[0];
    expect(asset).toMatchObject({ name: "face.mp4", type: "VIDEO", size: 30 * MB, format: "mp4", inputType: "UPLOAD", url });

    const sdk = new SyncClient({ baseUrl: t.mock.baseUrl, apiKey: key });
    const created = await sdk.generations.create({ model: "lipsync-2", input: [{ type: "video", assetId: asset.id }, { type: "audio", url: "https://cdn.test/voice.wav" }] });
    expect(created.status).toBe("PENDING");
    await t.mock.admin.advance(60_000, key);
    const done = await sdk.generations.get(created.id);
    expect(done.status).toBe("COMPLETED");
    expect(done.input[0]).toMatchObject({ type: "video", assetId: asset.id });
  });

  it("makes the asset usable by its url, and POST /v2/assets of that url answers the same asset with the given type and name", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl, url } = await presign(key, { fileName: "voice.mp3", contentType: "audio/mpeg", size: 3 });
    expect((await put(uploadUrl, new Uint8Array([1, 2, 3]), "audio/mpeg")).status).toBe(200);
    const [asset] = (await t.api.get("/v2/assets", { key })).body.items;
    const { status, body } = await t.api.post("/v2/assets", { key, json: { url, type: "AUDIO", name: "Narration" } });
    expect(status).toBe(201);
    expect(body).toEqual({ ...asset, name: "Narration", updatedAt: body.updatedAt });
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(1);
    const byUrl = await t.api.post("/v2/generate", { key, json: { model: "lipsync-2", input: [{ type: "video", url: "https://cdn.test/v.mp4" }, { type: "audio", url }] } });
    expect(byUrl.status).toBe(201);
  });

  it("answers POST /v2/assets with 404 uploaded_file_not_found before the PUT, and 403 file_not_in_org_storage to another key", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl, url } = await presign(key, { size: 1 });
    const early = await t.api.post("/v2/assets", { key, json: { url, type: "VIDEO" } });
    expect(early.status).toBe(404);
    expect(early.body.errorCode).toBe("uploaded_file_not_found");
    await put(uploadUrl, new Uint8Array(1));
    const foreign = await t.api.post("/v2/assets", { key: t.mock.apiKey(), json: { url, type: "VIDEO" } });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: "Forbidden", errorCode: "file_not_in_org_storage" });
    const wrongToken = await t.api.post("/v2/assets", { key, json: { url: url.replace(/token=.*/, "token=guess"), type: "VIDEO" } });
    expect(wrongToken.status).toBe(403);
  });

  it("answers 403 AccessDenied (XML) once expiresIn has passed on the key's clock, and stores nothing", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl, url } = await presign(key, { size: 4 });
    await t.mock.admin.advance(3_600_001, key);
    const { status, headers, body } = await put(uploadUrl, new Uint8Array(4));
    expect(status).toBe(403);
    expect(headers.get("content-type")).toMatch(/^application\/xml/);
    expect(xmlCode(body)).toBe("AccessDenied");
    expect(String(body)).toContain("<Message>Request has expired</Message>");
    expect((await fetch(url)).status).toBe(404);
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(0);
  });

  it("answers 403 SignatureDoesNotMatch to a forged URL, another file's terms, or another Content-Type", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl } = await presign(key, { size: 4 });
    const forged = new URL(uploadUrl);
    forged.searchParams.set("X-Amz-Signature", "0".repeat(64));
    const bigger = new URL(uploadUrl);
    bigger.searchParams.set("x-sm-size", "4000");
    for (const target of [forged.toString(), bigger.toString()]) {
      expect(xmlCode((await put(target, new Uint8Array(4))).body)).toBe("SignatureDoesNotMatch");
    }
    const typed = await put(uploadUrl, new Uint8Array(4), "video/webm");
    expect(typed.status).toBe(403);
    expect(xmlCode(typed.body)).toBe("SignatureDoesNotMatch");
    const unsigned = await put(`${t.mock.baseUrl}/uploads/6533643b-aceb-4c40-967e-d9ba9baac39e/x.mp4`, new Uint8Array(4));
    expect(unsigned.status).toBe(403);
    expect(xmlCode(unsigned.body)).toBe("AccessDenied");
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(0);
  });

  it("answers 400 EntityTooLarge for more bytes than presigned and IncompleteBody for fewer, storing nothing", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl, url } = await presign(key, { size: 2 * MB });
    const over = await put(uploadUrl, new Uint8Array(3 * MB));
    expect(over.status).toBe(400);
    expect(xmlCode(over.body)).toBe("EntityTooLarge");
    const under = await put(uploadUrl, new Uint8Array(MB));
    expect(under.status).toBe(400);
    expect(xmlCode(under.body)).toBe("IncompleteBody");
    expect((await fetch(url)).status).toBe(404);
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(0);
    // The URL stays good for the right bytes.
    expect((await put(uploadUrl, new Uint8Array(2 * MB))).status).toBe(200);
  });

  it("replaces the bytes on a second PUT, as S3 does, keeping what POST /v2/assets said of the asset", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl, url } = await presign(key, { size: 3 });
    await put(uploadUrl, new Uint8Array([1, 1, 1]));
    const registered = (await t.api.post("/v2/assets", { key, json: { url, type: "VIDEO", name: "Take one", visibility: "USER" } })).body;
    await put(uploadUrl, new Uint8Array([2, 2, 2]));
    expect([...new Uint8Array(await (await fetch(url)).arrayBuffer())]).toEqual([2, 2, 2]);
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(1);
    expect((await t.api.get(`/v2/assets/${registered.id}`, { key })).body).toMatchObject({ name: "Take one", visibility: "USER", url, size: 3 });
  });

  it("refuses the PUT once the key is reset (its uploads went with it)", async () => {
    const key = t.mock.apiKey();
    const { uploadUrl } = await presign(key, { size: 1 });
    await t.mock.admin.reset(key);
    expect((await put(uploadUrl, new Uint8Array(1))).status).toBe(403);
  });
});

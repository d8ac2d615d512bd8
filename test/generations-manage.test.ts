import { describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "./helpers/batch.js";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });

async function created(key: string, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { status, body } = await t.api.post("/v2/generate", { key, json: generationBody(overrides) });
  expect(status).toBe(201);
  return body;
}

describe("GET /v2/generations/{id}", () => {
  it("answers the same generation as GET /v2/generate/{id}, at each status", async () => {
    const key = t.mock.apiKey();
    const job = await created(key);
    for (const ms of [0, 60_000]) {
      await t.mock.admin.advance(ms, key);
      const [org, classic] = [await t.api.get(`/v2/generations/${job.id}`, { key }), await t.api.get(`/v2/generate/${job.id}`, { key })];
      expect(org.status).toBe(200);
      expect(org.body).toEqual(classic.body);
    }
  });

  it("answers 404 generation_not_found to another key, and 400 invalid_generation_id to a malformed id", async () => {
    const job = await created(t.mock.apiKey());
    const other = await t.api.get(`/v2/generations/${job.id}`, { key: t.mock.apiKey() });
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ statusCode: 404, errorCode: "generation_not_found" });
    const malformed = await t.api.get("/v2/generations/not-an-id", { key: t.mock.apiKey() });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errorCode).toBe("invalid_generation_id");
  });
});

describe("DELETE /v2/generations/{id}", () => {
  it("answers 409 generation_not_deletable_while_processing while the job is in flight, and keeps it", async () => {
    const key = t.mock.apiKey();
    const job = await created(key);
    const { status, body } = await t.api.request("DELETE", `/v2/generations/${job.id}`, { key });
    expect(status).toBe(409);
    expect(body).toEqual({
      statusCode: 409,
      error: "Conflict",
      errorCode: "generation_not_deletable_while_processing",
      message: `Generation ${job.id} is still processing; only COMPLETED, FAILED or REJECTED generations can be deleted`,
    });
    expect((await t.api.get(`/v2/generate/${job.id}`, { key })).status).toBe(200);
  });

  it("deletes a COMPLETED generation: answers it, then it is gone from get, list, count and its outputUrl", async () => {
    const key = t.mock.apiKey();
    const [job, kept] = [await created(key), await created(key)];
    await t.mock.admin.advance(60_000, key);
    const { body: done } = await t.api.get(`/v2/generate/${job.id}`, { key });
    expect(done.status).toBe("COMPLETED");
    expect((await fetch(done.outputUrl)).status).toBe(200);

    const deleted = await t.api.request("DELETE", `/v2/generations/${job.id}`, { key });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual(done);

    expect((await t.api.get(`/v2/generate/${job.id}`, { key })).status).toBe(404);
    expect((await t.api.get(`/v2/generations/${job.id}`, { key })).status).toBe(404);
    expect((await t.api.get("/v2/generations", { key })).body.map((g: { id: string }) => g.id)).toEqual([kept.id]);
    expect((await t.api.get("/v2/generations/count", { key })).body).toEqual({ count: 1 });
    expect((await fetch(done.outputUrl)).status).toBe(404);
    expect((await t.api.request("DELETE", `/v2/generations/${job.id}`, { key })).status).toBe(404);
  });

  it("deletes a FAILED generation", async () => {
    const key = t.mock.apiKey();
    const job = await created(key, { input: [{ type: "video", url: "https://cdn.test/missing-404.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] });
    await t.mock.admin.advance(60_000, key);
    const { body: done } = await t.api.get(`/v2/generate/${job.id}`, { key });
    expect(["FAILED", "COMPLETED"]).toContain(done.status);
    expect((await t.api.request("DELETE", `/v2/generations/${job.id}`, { key })).status).toBe(200);
  });

  it("answers 404 to another key and leaves the generation to its owner", async () => {
    const key = t.mock.apiKey();
    const job = await created(key);
    await t.mock.admin.advance(60_000, key);
    const { status, body } = await t.api.request("DELETE", `/v2/generations/${job.id}`, { key: t.mock.apiKey() });
    expect(status).toBe(404);
    expect(body.errorCode).toBe("generation_not_found");
    expect((await t.api.get(`/v2/generate/${job.id}`, { key })).status).toBe(200);
  });

  it("answers 409 generation_conflict for a batch's generation, which stays with its batch", async () => {
    const key = t.mock.apiKey("scale");
    const { body: batch } = await t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20))) });
    await t.mock.admin.advance(10 * 60_000, key);
    const { body: list } = await t.api.get("/v2/generations", { key });
    const item = list.find((g: { id: string }) => g.id);
    expect(item).toBeDefined();
    const { status, body } = await t.api.request("DELETE", `/v2/generations/${item.id}`, { key });
    expect(status).toBe(409);
    expect(body).toMatchObject({ errorCode: "generation_conflict" });
    expect(body.message).toContain(batch.id);
  });

  it("leaves the list's other pages whole, and refuses a cursor naming the deleted generation with 400", async () => {
    const key = t.mock.apiKey();
    const [a, b, c] = [await created(key), await created(key), await created(key)];
    await t.mock.admin.advance(60_000, key);
    expect((await t.api.request("DELETE", `/v2/generations/${b.id}`, { key })).status).toBe(200);
    const page = await t.api.get(`/v2/generations?limit=1&cursor=${c.id}`, { key });
    expect(page.body.map((g: { id: string }) => g.id)).toEqual([a.id]);
    const stale = await t.api.get(`/v2/generations?limit=1&cursor=${b.id}`, { key });
    expect(stale.status).toBe(400);
    expect(stale.body.message).toEqual([`cursor "${b.id}" is not a generation of this key`]);
  });
});

describe("GET /v2/generations/{id}/download", () => {
  it("answers the output URL as unquoted text/plain once COMPLETED, fetchable without a key", async () => {
    const key = t.mock.apiKey();
    const job = await created(key);
    await t.mock.admin.advance(60_000, key);
    const response = await fetch(`${t.mock.baseUrl}/v2/generations/${job.id}/download`, { headers: { "x-api-key": key } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const url = await response.text();
    expect(url).toBe((await t.api.get(`/v2/generate/${job.id}`, { key })).body.outputUrl);
    const video = await fetch(url);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("video/mp4");
  });

  it("answers 409 generation_conflict before COMPLETED and 404 to another key", async () => {
    const key = t.mock.apiKey();
    const job = await created(key);
    const early = await t.api.get(`/v2/generations/${job.id}/download`, { key });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(`Generation ${job.id} is PENDING; only a COMPLETED generation has an output to download`);
    expect((await t.api.get(`/v2/generations/${job.id}/download`, { key: t.mock.apiKey() })).status).toBe(404);
  });
});

describe("GET /v2/generations/count", () => {
  it("counts the key's generations with the list's filters combined", async () => {
    const key = t.mock.apiKey();
    const [a, b] = [await created(key), await created(key)];
    await t.mock.admin.advance(60_000, key);
    await created(key);
    const count = async (query = "") => (await t.api.get(`/v2/generations/count${query}`, { key })).body;
    expect(await count()).toEqual({ count: 3 });
    expect(await count("?status=PENDING")).toEqual({ count: 1 });
    expect(await count("?status=COMPLETED,PENDING")).toEqual({ count: 3 });
    expect(await count(`?ids=${a.id}&ids=${b.id}&status=COMPLETED`)).toEqual({ count: 2 });
    expect(await count("?type=api&generationSource=api&currentUserOnly=true")).toEqual({ count: 3 });
    expect(await count("?type=playground")).toEqual({ count: 0 });
    expect(await count("?generationSource=ios")).toEqual({ count: 0 });
    expect((await t.api.get("/v2/generations/count", { key: t.mock.apiKey() })).body).toEqual({ count: 0 });
  });

  it("answers 400 for a status that is not one", async () => {
    const { status, body } = await t.api.get("/v2/generations/count?status=DONE", { key: t.mock.apiKey() });
    expect(status).toBe(400);
    expect(body.message[0]).toContain("status must be one of the following values");
  });

  it("answers 401 without a key", async () => {
    expect((await t.api.get("/v2/generations/count")).status).toBe(401);
  });
});

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { RESULT_VIDEO_PATH } from "../src/deps.js";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const video = readFileSync(RESULT_VIDEO_PATH);

const t = useSyncMock({ clock: "manual" });

async function completed(overrides: Record<string, unknown> = {}) {
  const key = t.mock.apiKey();
  const { body } = await t.api.post("/v2/generate", { key, json: generationBody(overrides) });
  await t.mock.admin.advance(5_000, key);
  const done = (await t.api.get(`/v2/generate/${body.id}`, { key })).body;
  return { key, id: body.id as string, path: (done.outputUrl as string).slice(t.mock.baseUrl.length) };
}

describe("GET /v2/generations/{id}/result", () => {
  it("serves the real MP4 without an API key", async () => {
    const { path } = await completed();
    const { status, headers, body } = await t.api.get(path);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("video/mp4");
    expect(headers.get("accept-ranges")).toBe("bytes");
    expect(Number(headers.get("content-length"))).toBe(video.length);
    expect(Buffer.compare(body as Buffer, video)).toBe(0);
    // An MP4 starts with an ftyp box.
    expect((body as Buffer).subarray(4, 8).toString("latin1")).toBe("ftyp");
  });

  it("names the file after outputFileName", async () => {
    const { path } = await completed({ outputFileName: "take_2" });
    expect((await t.api.get(path)).headers.get("content-disposition")).toBe('inline; filename="take_2.mp4"');
  });

  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=100-", 100, video.length - 1],
    ["bytes=-50", video.length - 50, video.length - 1],
    [`bytes=10-${video.length + 1000}`, 10, video.length - 1],
  ])("answers Range %s with 206 and exactly those bytes", async (range, start, end) => {
    const { path } = await completed();
    const { status, headers, body } = await t.api.get(path, { headers: { range } });
    expect(status).toBe(206);
    expect(headers.get("content-range")).toBe(`bytes ${start}-${end}/${video.length}`);
    expect(Buffer.compare(body as Buffer, video.subarray(start, end + 1))).toBe(0);
  });

  it("answers 416 for a range past the end", async () => {
    const { path } = await completed();
    const { status, headers } = await t.api.get(path, { headers: { range: `bytes=${video.length}-` } });
    expect(status).toBe(416);
    expect(headers.get("content-range")).toBe(`bytes */${video.length}`);
  });

  it("answers HEAD with the headers only", async () => {
    const { path } = await completed();
    const response = await fetch(`${t.mock.baseUrl}${path}`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBe(video.length);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers 404 for a wrong token, a missing token and an unfinished generation", async () => {
    const { path, id } = await completed();
    expect((await t.api.get(path.replace(/token=.*/, "token=wrong"))).status).toBe(404);
    expect((await t.api.get(`/v2/generations/${id}/result`)).status).toBe(404);
    const key = t.mock.apiKey();
    const { body } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect((await t.api.get(`/v2/generations/${body.id}/result?token=x`)).status).toBe(404);
  });

  it("serves each key's result from its own URL, among many keys, and no other key's token opens it", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => completed()));
    for (const { path } of results) expect((await t.api.get(path)).status).toBe(200);
    const [first, second] = results;
    const foreignToken = second!.path.replace(/^.*token=/, "");
    expect((await t.api.get(`/v2/generations/${first!.id}/result?token=${foreignToken}`)).status).toBe(404);
    expect((await t.api.get(`/v2/generations/6533643b-aceb-4c40-967e-d9ba9baac39e/result?token=${foreignToken}`)).status).toBe(404);
  });

  it("stops serving a tenant's results once the tenant is reset", async () => {
    const { key, path } = await completed();
    await t.mock.admin.reset(key);
    expect((await t.api.get(path)).status).toBe(404);
  });
});

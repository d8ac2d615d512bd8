import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";


const t = useSyncMock({ clock: "manual" });

describe("authentication", () => {
  it.each([
    ["POST", "/v2/generate"],
    ["GET", "/v2/generate/6533643b-aceb-4c40-967e-d9ba9baac39e"],
    ["GET", "/v2/generations"],
    ["POST", "/v2/analyze/cost"],
    ["POST", "/v2/generations/estimate"],
    ["GET", "/v2/models"],
    ["GET", "/v2/assets"],
    ["GET", "/v2/assets/6533643b-aceb-4c40-967e-d9ba9baac39e"],
    ["POST", "/v2/batch"],
    ["GET", "/v2/batch"],
    ["GET", "/v2/batch/batch_abc123"],
  ])("%s %s without x-api-key answers the real API's 401", async (method, path) => {
    const { status, body } = await t.api.request(method, path, method === "POST" ? { json: {} } : {});
    expect(status).toBe(401);
    expect(body).toEqual({ message: "Either Cookie or x-api-key header must be provided", error: "Unauthorized", statusCode: 401 });
  });

  it("answers the bare 401 for a key the scenario rejects", async () => {
    const { status, body } = await t.api.get("/v2/generations", { key: "invalid_key_1" });
    expect(status).toBe(401);
    expect(body).toEqual({ message: "Unauthorized", statusCode: 401 });
  });

  it("treats an empty key as missing", async () => {
    expect((await t.api.get("/v2/generations", { key: "" })).body.message).toBe("Either Cookie or x-api-key header must be provided");
  });
});

describe("request ids", () => {
  it("puts the X-Request-Id of the answer into every error body", async () => {
    for (const [method, path] of [["GET", "/v2/generations"], ["GET", "/v2/nope"], ["POST", "/v2/generate"]] as const) {
      const key = path === "/v2/generations" ? undefined : t.mock.apiKey();
      const { body, headers } = await t.api.request(method, path, { key, ...(method === "POST" ? { json: {} } : {}), unchecked: path === "/v2/nope", keepRequestId: true });
      expect(body.requestId, `${method} ${path}`).toBe(headers.get("x-request-id"));
    }
  });
});

describe("unknown routes", () => {
  it.each([
    ["GET", "/v2/nope"],
    ["DELETE", "/v2/generations"],
    ["POST", "/v2/models"],
    ["GET", "/nothing/here"],
  ])("%s %s answers 404 Cannot METHOD path, even without a key", async (method, path) => {
    const { status, body } = await t.api.request(method, path, { unchecked: true });
    expect(status).toBe(404);
    expect(body).toEqual({ statusCode: 404, message: `Cannot ${method} ${path}`, error: "Not Found" });
  });
});

describe("request bodies", () => {
  it("answers 400 for malformed JSON", async () => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: '{"model": "lipsync-2",', headers: { "content-type": "application/json" } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: "Bad Request" });
    expect(body.message).toEqual(expect.any(String));
  });

  it("answers 413 for a JSON body over 1 MB, with or without Content-Length", async () => {
    const big = JSON.stringify(generationBody({ padding: "x".repeat(1024 * 1024) }));
    const withLength = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: big, headers: { "content-type": "application/json" } });
    expect(withLength.status).toBe(413);
    expect(withLength.body).toMatchObject({ statusCode: 413, message: "Payload Too Large" });
    const stream = new Blob([big]).stream();
    const chunked = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: stream, headers: { "content-type": "application/json" } });
    expect(chunked.status).toBe(413);
  });

  it("treats a body that is not JSON as empty, as NestJS does", async () => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: "model=lipsync-2", headers: { "content-type": "text/plain" } });
    expect(status).toBe(400);
    expect(body.message).toEqual(["model is required", "input is required"]);
  });

  it.each([
    ["a JSON array", []],
    ["a JSON string", "hello"],
    ["null", null],
  ])("answers 400 for %s as the body", async (_name, json) => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), body: JSON.stringify(json), headers: { "content-type": "application/json" } });
    expect(status).toBe(400);
    expect(body.message).toEqual(expect.any(Array));
  });
});

describe("validation of POST /v2/generate", () => {
  const video = { type: "video", url: "https://cdn.test/v.mp4" };
  const audio = { type: "audio", url: "https://cdn.test/a.wav" };
  it.each<[string, Record<string, unknown>, string[]]>([
    ["a missing model", { input: [video, audio] }, ["model is required"]],
    ["an unknown model", { model: "lipsync-9", input: [video, audio] }, ["model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3"]],
    ["input that is not an array", { model: "lipsync-2", input: "x" }, ["input must be an array"]],
    ["an unknown input type", { model: "lipsync-2", input: [{ type: "gif", url: "https://x.test/a" }, audio] }, ["input.0.type must be one of the following values: video, audio, text, image"]],
    ["a URL that is not http(s)", { model: "lipsync-2", input: [{ type: "video", url: "ftp://x.test/a.mp4" }, audio] }, ["input.0.url must be an absolute http or https URL"]],
    ["a bad sync_mode", { model: "lipsync-2", input: [video, audio], options: { sync_mode: "stretch" } }, ["options.sync_mode must be one of the following values: bounce, loop, cut_off, silence, remap"]],
    ["temperature above 1", { model: "lipsync-2", input: [video, audio], options: { temperature: 1.5 } }, ["options.temperature must not be greater than 1"]],
    ["temperature below 0", { model: "lipsync-2", input: [video, audio], options: { temperature: -0.1 } }, ["options.temperature must not be less than 0"]],
    ["a wrongly typed option", { model: "lipsync-2", input: [video, audio], options: { occlusion_detection_enabled: "yes" } }, ["options.occlusion_detection_enabled must be a boolean"]],
    ["a webhookUrl that is not http(s)", { model: "lipsync-2", input: [video, audio], webhookUrl: "javascript:alert(1)" }, ["webhookUrl must be an absolute http or https URL"]],
    ["a relative webhookUrl", { model: "lipsync-2", input: [video, audio], webhookUrl: "/hooks" }, ["webhookUrl must be an absolute http or https URL"]],
    ["no visual input", { model: "lipsync-2", input: [audio] }, ["input must contain exactly one video or image input (found 0)"]],
    ["no audio", { model: "lipsync-2", input: [video] }, ["input must contain at least one audio or text input"]],
    ["two voices without segments", { model: "lipsync-2", input: [video, audio, audio] }, ["several audio or text inputs need segments to say which one plays when"]],
    ["an image on lipsync-2", { model: "lipsync-2", input: [{ type: "image", url: "https://x.test/i.png" }, audio] }, ["image input is only supported by model sync-3, not lipsync-2"]],
    ["an input without url or assetId", { model: "lipsync-2", input: [{ type: "video" }, audio] }, ["input.0 must have either url or assetId"]],
    ["a bad outputFileName", { model: "lipsync-2", input: [video, audio], outputFileName: "../etc/passwd" }, ["outputFileName must be 1-255 characters of letters, digits, underscores and hyphens"]],
    [
      "segments with a missing refId and an unknown reference",
      { model: "lipsync-2", input: [video, audio], segments: [{ startTime: 2, endTime: 1, audioInput: { refId: "x" } }] },
      ["input.1.refId is required when segments are used", 'segments.0.audioInput.refId "x" matches no audio or text input', "segments.0.startTime must not be greater than segments.0.endTime"],
    ],
  ])("answers 400 for %s, naming every problem", async (_name, json, messages) => {
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), json });
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, error: "Bad Request", message: messages });
  });

  it("reports schema problems of several fields at once", async () => {
    const { body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), json: { model: 1, input: [{ type: "video", url: 5 }], options: { temperature: "hot" } } });
    expect(body.message).toEqual(
      expect.arrayContaining([expect.stringMatching(/^model must be one of/), "input.0.url must be a string", "options.temperature must be a number"]),
    );
  });

  it("answers 404 asset_not_found for an unknown assetId", async () => {
    const json = { model: "lipsync-2", input: [{ type: "video", assetId: "550e8400-e29b-41d4-a716-446655440000" }, audio] };
    const { status, body } = await t.api.post("/v2/generate", { key: t.mock.apiKey(), json });
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, errorCode: "asset_not_found", error: "Not Found" });
  });

  it("creates nothing when it refuses a request", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: { model: "lipsync-2", input: [audio] } });
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";


const t = useSyncMock({ clock: "manual" });

describe("GET /v2/models", () => {
  it("lists the five public models", async () => {
    const { status, body } = await t.api.get("/v2/models", { key: t.mock.apiKey() });
    expect(status).toBe(200);
    expect(body.map((m: { id: string }) => m.id).sort()).toEqual(["lipsync-1.9.0-beta", "lipsync-2", "lipsync-2-pro", "react-1", "sync-3"]);
    expect(body.find((m: { id: string }) => m.id === "react-1").type).toBe("react");
  });
});

describe("POST /v2/analyze/cost", () => {
  it("estimates frames and dollars from the media catalogue, as an array", async () => {
    const { status, body } = await t.api.post("/v2/analyze/cost", { key: t.mock.apiKey(), json: generationBody() });
    expect(status).toBe(200);
    expect(body).toEqual([{ estimatedFrameCount: 250, estimatedGenerationCost: 0.5 }]);
  });

  it("follows the audio's length and the model's price", async () => {
    const json = generationBody({ model: "sync-3", input: [{ type: "video", url: "https://cdn.test/v.mp4" }, { type: "audio", url: "https://cdn.test/a-25s.wav" }] });
    expect((await t.api.post("/v2/analyze/cost", { key: t.mock.apiKey(), json })).body).toEqual([{ estimatedFrameCount: 625, estimatedGenerationCost: 3.325 }]);
  });

  it("applies the same validation as POST /v2/generate", async () => {
    const { status, body } = await t.api.post("/v2/analyze/cost", { key: t.mock.apiKey(), json: { model: "lipsync-2", input: [] } });
    expect(status).toBe(400);
    expect(body.message).toContain("input must contain exactly one video or image input (found 0)");
  });

  it("creates no generation", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/analyze/cost", { key, json: generationBody() });
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });
});

describe("POST /v2/generations/estimate", () => {
  it("estimates from model, duration and fps (default 30), with estimatedCredits null", async () => {
    const { status, body } = await t.api.post("/v2/generations/estimate", { key: t.mock.apiKey(), json: { model: "lipsync-2", duration: 10 } });
    expect(status).toBe(200);
    expect(body).toEqual({ estimatedFrameCount: 300, estimatedGenerationCost: 0.6, estimatedCredits: null });
  });

  it("answers the alias POST /v2/generate/estimate-cost the same way", async () => {
    const json = { model: "lipsync-2-pro", duration: 4, fps: 25 };
    const key = t.mock.apiKey();
    expect((await t.api.post("/v2/generate/estimate-cost", { key, json })).body).toEqual((await t.api.post("/v2/generations/estimate", { key, json })).body);
  });

  it.each([
    [{ model: "lipsync-2" }, "duration is required"],
    [{ model: "lipsync-2", duration: 0 }, "duration must be greater than 0"],
    [{ model: "nope", duration: 1 }, "model must be one of the following values: lipsync-2, lipsync-1.9.0-beta, lipsync-2-pro, react-1, sync-3"],
  ])("answers 400 for %j", async (json, message) => {
    const { status, body } = await t.api.post("/v2/generations/estimate", { key: t.mock.apiKey(), json });
    expect(status).toBe(400);
    expect(body.message).toEqual([message]);
  });
});

describe("public endpoints", () => {
  it("GET /health answers ok without a key", async () => {
    expect((await t.api.get("/health", { unchecked: true })).body).toEqual({ status: "ok" });
  });

  it("GET /openapi.json serves the committed document", async () => {
    const { body } = await t.api.get("/openapi.json", { unchecked: true });
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toContain("/v2/generate");
    expect(Object.keys(body.paths).some((p) => p.startsWith("/__mock"))).toBe(false);
  });

  it("GET /docs serves the reference page and its assets without network access", async () => {
    const page = await t.api.get("/docs", { unchecked: true });
    expect(page.status).toBe(200);
    expect(page.body).toContain("/openapi.json");
    for (const asset of page.body.match(/\/docs\/assets\/[\w.-]+/g)) {
      expect((await t.api.get(asset, { unchecked: true })).status, asset).toBe(200);
    }
  });
});

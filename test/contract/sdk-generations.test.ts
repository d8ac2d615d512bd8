/**
 * The official TypeScript SDK (@sync.so/sdk) as a real client of the mock: every method it has for the
 * Generate, Models and Assets APIs, and every response it receives checked against openapi/openapi.json.
 */
import { createReadStream } from "node:fs";
import { SyncClient, SyncError, Sync } from "@sync.so/sdk";
import { describe, expect, it } from "vitest";
import { isPlayableMp4 } from "../helpers/mp4.js";
import { useContractTarget } from "./target.js";

const context = useContractTarget();

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const sdk = (apiKey: string) => new SyncClient({ baseUrl: context.target.baseUrl, apiKey });
const request: Sync.CreateGenerationDto = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
    { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
  ],
  options: { sync_mode: "loop" },
};

describe("generations", () => {
  it("create → get until COMPLETED → download a playable MP4 (the README's first steps)", async () => {
    const key = context.target.apiKey();
    const client = sdk(key);
    const created = await client.generations.create(request);
    expect(created.status).toBe("PENDING");
    let generation = await client.generations.get(created.id);
    for (let i = 0; i < 120 && !["COMPLETED", "FAILED", "REJECTED"].includes(generation.status); i++) {
      await context.target.elapse(1_000, key);
      generation = await client.generations.get(created.id);
    }
    expect(generation.status).toBe("COMPLETED");
    expect(generation.outputDuration).toBeGreaterThan(0);
    const download = await fetch(generation.outputUrl!);
    expect(download.status).toBe(200);
    expect(isPlayableMp4(Buffer.from(await download.arrayBuffer()))).toBe(true);
  });

  it("createWithFiles from file streams", async () => {
    const client = sdk(context.target.apiKey());
    const created = await client.generations.createWithFiles(createReadStream(fixture("clip.mp4")), createReadStream(fixture("voice.wav")), {
      model: "lipsync-2",
      options: { sync_mode: "cut_off" },
    });
    expect(created.status).toBe("PENDING");
    expect(created.input.map((i) => i.type)).toEqual(["video", "audio"]);
    expect(created.input.every((i) => "assetId" in i && typeof i.assetId === "string")).toBe(true);
  });

  it.skipIf(!!process.env.SYNC_API_KEY)("createWithFiles from Blobs with URL inputs beside the files", async () => {
    const client = sdk(context.target.apiKey());
    const created = await client.generations.createWithFiles(new File([new Uint8Array(64)], "face.mp4", { type: "video/mp4" }), undefined, {
      model: "lipsync-2",
      input: [{ type: "audio", url: "https://cdn.test/voice.wav" }],
      webhookUrl: "https://hooks.test/sync",
    });
    expect(created.input).toEqual([{ type: "audio", url: "https://cdn.test/voice.wav" }, { type: "video", assetId: expect.any(String) }]);
    expect(created.webhookUrl).toBe("https://hooks.test/sync");
  });

  it("list with status and ids filters (sent as JSON arrays by this SDK)", async () => {
    const key = context.target.apiKey();
    const client = sdk(key);
    const a = await client.generations.create(request);
    const b = await client.generations.create(request);
    const byIds = await client.generations.list({ ids: [a.id, b.id] });
    expect(byIds.map((g) => g.id)).toEqual([b.id, a.id]);
    const pending = await client.generations.list({ status: ["PENDING", "PROCESSING"], ids: [a.id] });
    expect(pending.map((g) => g.id)).toEqual([a.id]);
  });

  it("estimateCost", async () => {
    const [estimate] = await sdk(context.target.apiKey()).generations.estimateCost(request);
    expect(estimate).toEqual({ estimatedFrameCount: expect.any(Number), estimatedGenerationCost: expect.any(Number) });
  });

  it("maps 400 to BadRequestError with the message array", async () => {
    const client = sdk(context.target.apiKey());
    const error = await client.generations.create({ ...request, model: "nope" as Sync.Model }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.BadRequestError);
    expect((error as Sync.BadRequestError).body).toMatchObject({ statusCode: 400, message: expect.any(Array) });
  });

  it("maps 401 to UnauthorizedError", async () => {
    const error = await new SyncClient({ baseUrl: context.target.baseUrl, apiKey: "invalid_key" }).generations.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.UnauthorizedError);
  });

  it("maps 404 to NotFoundError", async () => {
    const error = await sdk(context.target.apiKey()).generations.get("6533643b-aceb-4c40-967e-d9ba9baac39e").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.NotFoundError);
  });

  it.skipIf(!!process.env.SYNC_API_KEY)("surfaces 429 as a SyncError with the concurrency body (no retries)", async () => {
    const client = sdk(context.target.apiKey("free"));
    await client.generations.create(request);
    const error = await client.generations.create(request, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).statusCode).toBe(429);
    expect((error as SyncError).body).toMatchObject({ errorCode: "concurrency_limit_reached", concurrencyLimit: 1 });
  });
});

describe("models", () => {
  it("list", async () => {
    const models = await sdk(context.target.apiKey()).models.list();
    expect(models.map((m) => m.id)).toContain("lipsync-2");
  });
});

describe("assets", () => {
  it("list (types sent as a JSON array) and get", async () => {
    const client = sdk(context.target.apiKey());
    await client.generations.createWithFiles(createReadStream(fixture("clip.mp4")), createReadStream(fixture("voice.wav")), { model: "lipsync-2" });
    const page = await client.assets.list({ limit: 10, sortBy: "dateDesc", types: ["VIDEO"] });
    expect(page.items).toHaveLength(1);
    expect(page.totalCount).toBe(1);
    const asset = await client.assets.get(page.items[0]!.id);
    expect(asset).toMatchObject({ type: "VIDEO", name: "clip.mp4", size: 3000 });
  });

  it("get of an unknown asset is NotFoundError", async () => {
    const error = await sdk(context.target.apiKey()).assets.get("550e8400-e29b-41d4-a716-446655440000").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.NotFoundError);
  });
});

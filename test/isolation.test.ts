import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";


const t = useSyncMock({ clock: "manual" });

describe("tenant isolation", () => {
  it("keeps two keys from seeing each other's generations, assets, lists and limits", async () => {
    const [alice, bob] = [t.mock.apiKey("free"), t.mock.apiKey("free")];
    const data = new FormData();
    data.append("video", new Blob([new Uint8Array(10)]), "alice.mp4");
    data.append("audio", new Blob([new Uint8Array(10)]), "alice.wav");
    data.append("model", "lipsync-2");
    const { body: generation } = await t.api.post("/v2/generate", { key: alice, body: data });
    const assetId = generation.input[0].assetId;

    expect((await t.api.get(`/v2/generate/${generation.id}`, { key: bob })).status).toBe(404);
    expect((await t.api.get(`/v2/generations?ids=${generation.id}`, { key: bob })).body).toEqual([]);
    expect((await t.api.get("/v2/generations", { key: bob })).body).toEqual([]);
    expect((await t.api.get(`/v2/assets/${assetId}`, { key: bob })).status).toBe(404);
    expect((await t.api.get("/v2/assets", { key: bob })).body.totalCount).toBe(0);
    // Bob cannot use Alice's asset either.
    const borrowed = { model: "lipsync-2", input: [{ type: "video", assetId }, { type: "audio", url: "https://cdn.test/a.wav" }] };
    expect((await t.api.post("/v2/generate", { key: bob, json: borrowed })).status).toBe(404);
    // Alice's generation in flight does not count against Bob's free-plan limit of one.
    expect((await t.api.post("/v2/generate", { key: bob, json: generationBody() })).status).toBe(201);
    // And Alice still sees all of hers.
    expect((await t.api.get(`/v2/generate/${generation.id}`, { key: alice })).status).toBe(200);
    expect((await t.api.get("/v2/assets", { key: alice })).body.totalCount).toBe(2);
  });
});

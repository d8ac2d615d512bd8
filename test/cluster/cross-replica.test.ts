/**
 * Any replica answers any request: what one replica created, the others read, list and serve, byte for byte.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "../helpers/batch.js";
import { onReplica, startCluster, type Cluster } from "../helpers/cluster.js";
import { generationBody } from "../helpers/http.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ size: 3 });
});
afterAll(() => cluster?.close());

const key = () => `scale_${randomUUID()}`;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

describe("a cluster of three replicas on one Redis", () => {
  it("creates on A, polls on B with the same bytes, downloads from C and lists on A", async () => {
    const [a, b, c] = cluster.api as [Cluster["api"][0], Cluster["api"][0], Cluster["api"][0]];
    const apiKey = key();
    const created = await a.post("/v2/generate", { key: apiKey, json: generationBody() });
    expect(created.status).toBe(201);
    const fromA = await fetch(`${cluster.replicas[0]!.url}/v2/generate/${created.body.id}`, { headers: { "x-api-key": apiKey } });
    const fromB = await fetch(`${cluster.replicas[1]!.url}/v2/generate/${created.body.id}`, { headers: { "x-api-key": apiKey } });
    expect(await fromB.text()).toBe(await fromA.text());

    await cluster.admin[1]!.advance(60_000, apiKey);
    const done = await c.get(`/v2/generate/${created.body.id}`, { key: apiKey });
    expect(done.body.status).toBe("COMPLETED");
    const video = await fetch(onReplica(done.body.outputUrl, cluster.replicas[2]!));
    expect(video.status).toBe(200);
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const listed = await a.get("/v2/generations", { key: apiKey });
    expect(listed.body.map((g: { id: string }) => g.id)).toEqual([created.body.id]);
    const other = await b.get(`/v2/generate/${created.body.id}`, { key: key() });
    expect(other.status).toBe(404);
  });

  it("serves an asset uploaded to A from B, range requests included", async () => {
    const apiKey = key();
    const video = fixture("clip.mp4");
    const form = new FormData();
    form.append("video", new Blob([video], { type: "video/mp4" }), "clip.mp4");
    form.append("model", "lipsync-2");
    form.append("input", JSON.stringify({ type: "audio", url: "https://cdn.test/voice.wav" }));
    const created = await cluster.api[0]!.post("/v2/generate", { key: apiKey, body: form });
    expect(created.status).toBe(201);
    const assetId = (created.body.input as Array<{ assetId?: string }>).find((i) => i.assetId)!.assetId!;
    const asset = await cluster.api[1]!.get(`/v2/assets/${assetId}`, { key: apiKey });
    expect(asset.status).toBe(200);
    const whole = await fetch(onReplica(asset.body.url, cluster.replicas[1]!));
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);
    const part = await fetch(onReplica(asset.body.url, cluster.replicas[2]!), { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);
  });

  it("presigns on A, takes the PUT on B, serves the file from C, registers and deletes it anywhere", async () => {
    const [a, b, c] = cluster.api as [Cluster["api"][0], Cluster["api"][0], Cluster["api"][0]];
    const apiKey = key();
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const presigned = await a.post("/v2/assets/upload", { key: apiKey, json: { fileName: "face.mp4", contentType: "video/mp4", size: bytes.length } });
    expect(presigned.status).toBe(201);
    const put = await fetch(onReplica(presigned.body.uploadUrl, cluster.replicas[1]!), { method: "PUT", headers: { "content-type": "video/mp4" }, body: bytes });
    expect(put.status).toBe(200);
    const served = await fetch(onReplica(presigned.body.url, cluster.replicas[2]!));
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    const registered = await c.post("/v2/assets", { key: apiKey, json: { url: onReplica(presigned.body.url, cluster.replicas[2]!), type: "VIDEO", name: "Face" } });
    expect(registered.status).toBe(201);
    expect((await b.get("/v2/assets/count", { key: apiKey })).body).toBe(1);
    expect((await a.request("DELETE", `/v2/assets/${registered.body.id}`, { key: apiKey })).status).toBe(200);
    expect((await fetch(onReplica(presigned.body.url, cluster.replicas[1]!))).status).toBe(404);
    expect((await c.get(`/v2/assets/${registered.body.id}`, { key: apiKey })).status).toBe(404);
  });

  it("moves a key's clock for every replica with one advance, and keeps other keys' clocks", async () => {
    const apiKey = key();
    const bystander = key();
    await cluster.api[0]!.get("/v2/models", { key: bystander });
    const before = await cluster.admin[2]!.clock(apiKey);
    await cluster.admin[0]!.advance(5_000, apiKey);
    const after = await Promise.all(cluster.admin.map((admin) => admin.clock(apiKey)));
    for (const state of after) expect(Date.parse(state.now) - Date.parse(before.now)).toBe(5_000);
    const untouched = await cluster.admin[1]!.clock(bystander);
    expect(untouched.tenant?.shiftMs).toBe(0);
  });

  it("ends a long poll held by B when A advances the clock past the job's end", async () => {
    const apiKey = key();
    const created = await cluster.api[0]!.post("/v2/generate", { key: apiKey, json: generationBody() });
    const poll = cluster.api[1]!.get(`/v2/generate/${created.body.id}?wait=true&timeout=10`, { key: apiKey });
    // The poll is held (the clock is manual) until the advance on A reaches B as an event.
    await cluster.admin[0]!.advance(60_000, apiKey);
    const answer = await poll;
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("COMPLETED");
  });

  it("finishes a batch created on A when the clock moves on B, and serves its results from C", async () => {
    const apiKey = key();
    const created = await cluster.api[0]!.post("/v2/batch", { key: apiKey, body: batchForm(jsonl(batchLines(20))) });
    expect(created.status).toBe(201);
    await cluster.admin[1]!.advance(60_000, apiKey);
    const batch = await cluster.api[2]!.get(`/v2/batch/${created.body.id}`, { key: apiKey });
    expect(batch.body.status).toBe("COMPLETED");
    const results = await fetch(onReplica(batch.body.outputUrl, cluster.replicas[2]!));
    expect(results.status).toBe(200);
    expect((await results.text()).trim().split("\n")).toHaveLength(20);
  });

  it("forgets a key on every replica when one replica resets it, leaving nothing of it in Redis", async () => {
    const apiKey = key();
    const redis = new Redis(cluster.redis.url);
    try {
      const prefix = cluster.args[cluster.args.indexOf("--store-prefix") + 1]!;
      const before = new Set(await redis.keys(`${prefix}*`));
      const created = await cluster.api[0]!.post("/v2/generate", { key: apiKey, json: generationBody() });
      await cluster.api[2]!.post("/v2/batch", { key: apiKey, body: batchForm(jsonl(batchLines(20))) });
      const reset = await cluster.api[1]!.post("/__mock/reset", { key: apiKey });
      expect(reset.body.tenantsRemoved).toBe(1);
      expect((await redis.keys(`${prefix}*`)).filter((k) => !before.has(k))).toEqual([]);
      const owners = await Promise.all([...before].filter((k) => k.endsWith(":owner")).map((k) => redis.hvals(k)));
      expect(owners.flat().filter((owner) => owner.startsWith(`${apiKey}|`))).toEqual([]);
      // (A request with the key makes it a tenant again, with nothing in it.)
      for (const api of cluster.api) expect((await api.get(`/v2/generate/${created.body.id}`, { key: apiKey })).status).toBe(404);
    } finally {
      redis.disconnect();
    }
  });

});

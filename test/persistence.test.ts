/**
 * --data-dir: state survives the process. The real command is killed (SIGKILL: no chance to flush anything)
 * and started again on the same directory; every acknowledged generation, batch, asset and webhook attempt is
 * back, and the jobs carry on where they were.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "./helpers/batch.js";
import { startChildMock, type ChildMock } from "./helpers/child-mock.js";
import { client, generationBody } from "./helpers/http.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";

let receiver: Receiver;
const running: ChildMock[] = [];
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(running.map((m) => m.stop("SIGKILL").catch(() => undefined)));
  await receiver.close();
});

async function start(dataDir: string, ...args: string[]) {
  const mock = await startChildMock(["--data-dir", dataDir, "--log-level", "silent", ...args]);
  running.push(mock);
  const api = client(mock.url);
  const advance = (ms: number, key?: string) => api.post("/__mock/clock/advance", { key, json: { ms } });
  return { mock, api, advance };
}

const dir = () => mkdtempSync(join(tmpdir(), "sync-mock-data-"));
const hits = (path: string) => receiver.received.filter((r) => r.path === path).length;

describe("--data-dir", () => {
  it("brings back every acknowledged job after kill -9 mid-batch, and carries on their lifecycle and webhooks", async () => {
    const data = dir();
    const key = "scale_persist";
    const first = await start(data, "--clock", "manual");
    const { body: generation } = await first.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/gen-${key}`) }) });
    const upload = new FormData();
    upload.append("video", new Blob([new Uint8Array(1234)]), "kept.mp4");
    upload.append("audio", new Blob([new Uint8Array(10)]), "kept.wav");
    upload.append("model", "lipsync-2");
    const { body: withFiles } = await first.api.post("/v2/generate", { key, body: upload });
    const { body: batch } = await first.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20)), { webhook_url: receiver.url(`/ok/batch-${key}`) }) });
    await first.advance(600, key); // the batch's items have started; nothing is finished
    const before = {
      generation: (await first.api.get(`/v2/generate/${generation.id}`, { key })).body,
      batch: (await first.api.get(`/v2/batch/${batch.id}`, { key })).body,
    };
    expect(before.batch.status).toBe("JOBS_CREATED");
    expect((await first.mock.stop("SIGKILL")).signal).toBe("SIGKILL");

    const second = await start(data, "--clock", "manual");
    const again = (await second.api.get(`/v2/generate/${generation.id}`, { key })).body;
    expect(again).toEqual({ ...before.generation });
    expect((await second.api.get(`/v2/batch/${batch.id}`, { key })).body).toEqual(before.batch);
    const asset = (await second.api.get(`/v2/assets/${withFiles.input[0].assetId}`, { key })).body;
    expect(asset).toMatchObject({ name: "kept.mp4", size: 1234 });
    expect((await fetch(asset.url.replace(/^http:\/\/[^/]+/, second.mock.url))).status).toBe(200);
    expect((await second.api.get("/v2/generations", { key })).body).toHaveLength(22);

    await second.advance(60_000, key);
    const finished = (await second.api.get(`/v2/generate/${generation.id}`, { key })).body;
    expect(finished.status).toBe("COMPLETED");
    expect((await fetch(finished.outputUrl.replace(/^http:\/\/[^/]+/, second.mock.url))).status).toBe(200);
    const done = (await second.api.get(`/v2/batch/${batch.id}`, { key })).body;
    expect(done).toMatchObject({ status: "COMPLETED", metrics: { success_count: 20, pending_count: 0 } });
    expect((await fetch(done.outputUrl)).status).toBe(200);
    expect([hits(`/ok/gen-${key}`), hits(`/ok/batch-${key}`)]).toEqual([1, 1]);

    // The delivery log survives too, and nothing already delivered is sent again.
    await second.mock.stop("SIGKILL");
    const third = await start(data, "--clock", "manual");
    await third.advance(60_000, key);
    const log = (await third.api.get("/__mock/webhooks", { key })).body.items;
    expect(log.map((d: { jobId: string; outcome: string }) => [d.jobId, d.outcome]).sort()).toEqual([[batch.id, "delivered"], [generation.id, "delivered"]].sort());
    expect([hits(`/ok/gen-${key}`), hits(`/ok/batch-${key}`)]).toEqual([1, 1]);
  });

  it("brings back uploads, registered, renamed and deleted assets, and a presigned upload still to come", async () => {
    const data = dir();
    const key = "scale_assets";
    const first = await start(data, "--clock", "manual");
    const presign = async (size: number) =>
      (await first.api.post("/v2/assets/upload", { key, json: { fileName: "face.mp4", contentType: "video/mp4", size } })).body as { uploadUrl: string; url: string };
    const [done, pending] = [await presign(5), await presign(3)];
    expect((await fetch(done.uploadUrl, { method: "PUT", headers: { "content-type": "video/mp4" }, body: new Uint8Array([1, 2, 3, 4, 5]) })).status).toBe(200);
    const register = async (url: string) => (await first.api.post("/v2/assets", { key, json: { url, type: "VIDEO" } })).body;
    const [renamed, deleted] = [await register("https://cdn.test/a.mp4"), await register("https://cdn.test/b.mp4")];
    expect((await first.api.request("PATCH", `/v2/assets/${renamed.id}`, { key, json: { name: "Renamed" } })).status).toBe(200);
    expect((await first.api.request("DELETE", `/v2/assets/${deleted.id}`, { key })).status).toBe(200);
    const before = (await first.api.get("/v2/assets", { key })).body.items;
    expect(before.map((a: { name: string }) => a.name).sort()).toEqual(["Renamed", "face.mp4"]);
    await first.mock.stop("SIGKILL");

    const second = await start(data, "--clock", "manual");
    const moved = (url: string) => url.replace(/^http:\/\/[^/]+/, second.mock.url);
    const after = (await second.api.get("/v2/assets", { key })).body.items;
    expect(after).toEqual(before.map((a: { url: string }) => ({ ...a, url: a.url.startsWith("https://cdn.test") ? a.url : moved(a.url) })));
    expect([...new Uint8Array(await (await fetch(moved(done.url))).arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    expect((await second.api.get(`/v2/assets/${deleted.id}`, { key })).status).toBe(404);
    expect((await fetch(moved(pending.uploadUrl), { method: "PUT", headers: { "content-type": "video/mp4" }, body: new Uint8Array(3) })).status).toBe(200);
    expect((await second.api.get("/v2/assets/count", { key })).body).toBe(3);
  });

  it("delivers after a restart a webhook that fell due while the process was down", async () => {
    const data = dir();
    const key = "scale_due";
    const first = await start(data, "--clock", "manual");
    await first.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/due-${key}`) }) });
    await first.mock.stop("SIGKILL");
    const second = await start(data, "--clock", "manual");
    await second.advance(5_000, key);
    expect(hits(`/ok/due-${key}`)).toBe(1);
  });

  it("resumes a webhook retry that was pending when the process died", async () => {
    const data = dir();
    const key = "scale_retry";
    const scenario = join(data, "retry.yaml");
    writeFileSync(scenario, "extends: default\nwebhooks: { attempts: 3, backoffMs: 1000 }\n");
    const first = await start(data, "--clock", "manual", "--scenario", scenario);
    const { body } = await first.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/status/503/retry-${key}`) }) });
    await first.advance(1_250, key);
    expect((await first.api.get(`/__mock/webhooks?jobId=${body.id}`, { key })).body.items[0]).toMatchObject({ attempt: 1, outcome: "failed" });
    await first.mock.stop("SIGKILL");
    const second = await start(data, "--clock", "manual", "--scenario", scenario);
    await second.advance(1_000, key);
    const attempts = (await second.api.get(`/__mock/webhooks?jobId=${body.id}`, { key })).body.items.map((d: { attempt: number }) => d.attempt);
    expect(attempts).toEqual([2, 1]);
  });

  it("refuses to start on a damaged state log, with one line", async () => {
    const data = dir();
    writeFileSync(join(data, "state.jsonl"), 'not json\n{"e":"shift","ms":1}\n');
    const { spawnSync } = await import("node:child_process");
    const cli = new URL("../dist/cli.js", import.meta.url).pathname;
    const result = spawnSync(process.execPath, [cli, "--data-dir", data, "--port", "0"], { encoding: "utf8", timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^sync-mock: .*state\.jsonl: line 1 is not a state event/);
  });

  it("continues a seeded id sequence instead of repeating it", async () => {
    const data = dir();
    const scenario = join(data, "seeded.yaml");
    writeFileSync(scenario, "extends: default\nseed: 9\n");
    const first = await start(data, "--clock", "manual", "--scenario", scenario);
    const a = (await first.api.post("/v2/generate", { key: "k1", json: generationBody() })).body.id;
    await first.mock.stop("SIGKILL");
    const second = await start(data, "--clock", "manual", "--scenario", scenario);
    const b = (await second.api.post("/v2/generate", { key: "k1", json: generationBody() })).body.id;
    expect(b).not.toBe(a);
    expect((await second.api.get("/v2/generations", { key: "k1" })).body.map((g: { id: string }) => g.id)).toEqual([b, a]);
  });

  it("keeps clock advances, and forgets everything after a full reset", async () => {
    const data = dir();
    const first = await start(data, "--clock", "manual");
    await first.advance(3_600_000);
    const now = (await first.api.get("/__mock/clock")).body.now;
    await first.api.post("/v2/generate", { key: "k", json: generationBody() });
    await first.mock.stop("SIGKILL");
    const second = await start(data, "--clock", "manual");
    expect((await second.api.get("/__mock/clock")).body.now).toBe(now);
    await second.api.post("/__mock/reset");
    await second.mock.stop("SIGKILL");
    const third = await start(data, "--clock", "manual");
    expect((await third.api.get("/v2/generations", { key: "k" })).body).toEqual([]);
    expect((await third.api.get("/__mock/clock")).body.now).toBe(now);
  });

  it("on the real clock, finishes after a restart what finished while the process was down", async () => {
    const data = dir();
    const first = await start(data);
    const { body } = await first.api.post("/v2/generate", { key: "k", json: generationBody() });
    await first.mock.stop("SIGKILL");
    const second = await start(data);
    await expect.poll(async () => (await second.api.get(`/v2/generate/${body.id}`, { key: "k" })).body.status, { timeout: 5_000 }).toBe("COMPLETED");
  });
});

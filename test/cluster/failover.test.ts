/**
 * What a cluster survives: a replica killed (SIGKILL) in the middle of delivering a batch's webhooks, and Redis
 * going away and coming back.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "../helpers/batch.js";
import { onReplica, startCluster, type Cluster } from "../helpers/cluster.js";
import { generationBody } from "../helpers/http.js";
import { startReceiver, type Receiver } from "../helpers/receiver.js";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

const idsAt = (received: readonly { path: string; body: string }[], path: string) =>
  new Set(received.filter((r) => r.path === path).map((r) => (JSON.parse(r.body) as { id: string }).id));

describe("a replica killed mid-batch", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ size: 3 });
  });
  afterAll(() => cluster?.close());

  it("loses nothing: the others deliver every webhook, finish the batch and serve its results", async () => {
    const apiKey = `scale_${randomUUID()}`;
    // A receiver that takes 1.5 s per answer keeps the killed replica's claims in flight when it dies.
    const path = `/delay/1500/${randomUUID()}`;
    const file = jsonl(batchLines(100, () => ({ webhookUrl: receiver.url(path) })));
    const created = await cluster.api[0]!.post("/v2/batch", { key: apiKey, body: batchForm(file, { webhook_url: receiver.url(path) }) });
    expect(created.status).toBe(201);
    const victim = cluster.replicas[0]!;
    // The advance runs on the victim; it is killed once its first webhooks have reached the receiver.
    const advance = fetch(`${victim.url}/__mock/clock/advance`, {
      method: "POST",
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: JSON.stringify({ ms: 60_000 }),
    }).catch((error: unknown) => error);
    await receiver.until((received) => idsAt(received, path).size >= 5);
    expect((await victim.stop("SIGKILL")).signal).toBe("SIGKILL");
    expect(await advance).toBeInstanceOf(Error);

    // The survivors take over the dead replica's claims once their lease runs out.
    await receiver.until((received) => idsAt(received, path).size >= 101);
    const jobIds = [...idsAt(receiver.received, path)];
    expect(jobIds).toContain(created.body.id);
    const survivor = cluster.api[1]!;
    const batch = await survivor.get(`/v2/batch/${created.body.id}`, { key: apiKey });
    expect(batch.body.status).toBe("COMPLETED");
    const results = await fetch(onReplica(batch.body.outputUrl, cluster.replicas[2]!));
    expect((await results.text()).trim().split("\n")).toHaveLength(100);
    // Each answer comes 1.5 s after its request: wait (on the log's own wait) for every delivery to be recorded.
    const recorded = await Promise.all(jobIds.map((jobId) => cluster.admin[2]!.waitForWebhook({ jobId, outcome: "delivered" }, { apiKey, timeoutSeconds: 20 })));
    expect(recorded.map((a) => a.jobId).sort()).toEqual(jobIds.sort());
  });
});

describe("Redis stopped and started again", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ size: 2, appendOnly: true });
  });
  afterAll(() => cluster?.close());

  it("answers 503 in Sync's error shape while Redis is down, stays up, and recovers the same state", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const created = await cluster.api[0]!.post("/v2/generate", { key: apiKey, json: generationBody() });
    expect(created.status).toBe(201);
    await cluster.redis.stop();

    for (const api of cluster.api) {
      const poll = await api.get(`/v2/generate/${created.body.id}`, { key: apiKey });
      expect(poll.status).toBe(503);
      expect(poll.body).toMatchObject({ statusCode: 503, error: "Service Unavailable", errorCode: "store_unavailable" });
      expect(poll.body.message).toMatch(/Redis .* unavailable/);
      const create = await api.post("/v2/generate", { key: apiKey, json: generationBody() });
      expect(create.status).toBe(503);
      const health = await fetch(`${cluster.replicas[1]!.url}/health`);
      expect(health.status).toBe(503);
    }
    for (const replica of cluster.replicas) expect(replica.process.exitCode).toBeNull();

    await cluster.redis.start();
    // ioredis reconnects on its own; the first request after that finds the generation as it was.
    await waitForHealthy(cluster.replicas.map((r) => r.url));
    const back = await cluster.api[1]!.get(`/v2/generate/${created.body.id}`, { key: apiKey });
    expect(back.status).toBe(200);
    expect(back.body.id).toBe(created.body.id);
    const listed = await cluster.api[0]!.get("/v2/generations", { key: apiKey });
    expect(listed.body).toHaveLength(1);
  });
});

/** Resolves once every replica's /health answers 200 (each retry waits for the answer before it). */
async function waitForHealthy(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    for (let tries = 0; ; tries++) {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
      if (tries > 500) throw new Error(`${url} did not recover`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

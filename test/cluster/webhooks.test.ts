/**
 * Webhooks in a cluster: each is delivered exactly once however many replicas claim from the shared due queue,
 * an advance on one replica returns only when what it made due has been delivered wherever it was, and with the
 * real clock deliveries go out on time with nobody polling.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "../helpers/batch.js";
import { startCluster, type Cluster } from "../helpers/cluster.js";
import { generationBody } from "../helpers/http.js";
import { startReceiver, type Receiver } from "../helpers/receiver.js";

let cluster: Cluster;
let receiver: Receiver;
beforeAll(async () => {
  [cluster, receiver] = await Promise.all([startCluster({ size: 3 }), startReceiver()]);
});
afterAll(async () => {
  await cluster?.close();
  await receiver?.close();
});

describe("webhooks from three replicas", () => {
  it("delivers each of 60 generations' webhooks exactly once, all before the advance returns", async () => {
    const apiKey = `enterprise_${randomUUID()}`;
    const path = `/ok/${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const created = await cluster.api[i % 3]!.post("/v2/generate", { key: apiKey, json: generationBody({ webhookUrl: receiver.url(path) }) });
      if (i % 50 === 49) await cluster.admin[0]!.advance(60_000, apiKey); // the plan allows 50 in flight
      ids.push(created.body.id);
    }
    await cluster.admin[1]!.advance(60_000, apiKey);
    const got = receiver.received.filter((r) => r.path === path);
    expect(got).toHaveLength(60);
    // Sixty different bodies: no job's webhook came twice.
    expect(new Set(got.map((r) => r.body)).size).toBe(60);
    const log = await cluster.admin[2]!.webhooks({}, apiKey);
    expect(log.filter((a) => a.outcome === "delivered")).toHaveLength(60);
    expect(new Set(log.map((a) => a.jobId))).toEqual(new Set(ids));
  });

  it("delivers a batch made on A, when B advances the clock, once per item and once for the batch", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const path = `/ok/${randomUUID()}`;
    const file = jsonl(batchLines(100, () => ({ webhookUrl: receiver.url(path) })));
    const created = await cluster.api[0]!.post("/v2/batch", { key: apiKey, body: batchForm(file, { webhook_url: receiver.url(path) }) });
    expect(created.status).toBe(201);
    await cluster.admin[1]!.advance(60_000, apiKey);
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(101);
    const log = await cluster.admin[2]!.webhooks({}, apiKey);
    expect(new Set(log.map((a) => a.jobId)).size).toBe(101);
    expect(log).toHaveLength(101);
  });

  it("retries a failing receiver on the shared clock, one attempt per retry", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const path = `/flaky/2/${randomUUID()}`;
    await cluster.admin[0]!.setScenario("name: retries\nextends: default\nwebhooks: { attempts: 4, backoffMs: 1000, backoffFactor: 1 }\n", apiKey);
    await cluster.api[2]!.post("/v2/generate", { key: apiKey, json: generationBody({ webhookUrl: receiver.url(path) }) });
    await cluster.admin[1]!.advance(60_000, apiKey);
    // Each retry falls due a second (of the key's clock) after the attempt before it, whichever replica moves it.
    await cluster.admin[2]!.advance(1_000, apiKey);
    await cluster.admin[0]!.advance(1_000, apiKey);
    const log = await cluster.admin[0]!.webhooks({}, apiKey);
    expect(log.map((a) => [a.attempt, a.outcome])).toEqual([
      [3, "delivered"],
      [2, "failed"],
      [1, "failed"],
    ]);
  });
});

describe("webhooks on the real clock", () => {
  let real: Cluster;
  beforeAll(async () => {
    real = await startCluster({ size: 2, args: ["--clock", "real", "--scenario", "instant"] });
  });
  afterAll(() => real?.close());

  it("go out on time with no replica polled", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const path = `/ok/${randomUUID()}`;
    const before = receiver.received.length;
    await real.api[0]!.post("/v2/generate", { key: apiKey, json: generationBody({ webhookUrl: receiver.url(path) }) });
    await receiver.waitFor(before + 1);
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(1);
  });
});

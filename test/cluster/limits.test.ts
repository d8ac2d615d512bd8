/**
 * Limits hold across the cluster: the same burst fired at three replicas at once gets exactly the number of
 * 201s one process would give, because each check and its write are one Redis script.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchForm, batchLines, jsonl } from "../helpers/batch.js";
import { startCluster, type Cluster } from "../helpers/cluster.js";
import { generationBody } from "../helpers/http.js";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ size: 3 });
});
afterAll(() => cluster?.close());

/** Fires `count` requests at once, spread round-robin over the replicas; resolves with their statuses and bodies. */
async function burst(count: number, send: (replicaUrl: string, i: number) => Promise<Response>) {
  const answers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await send(cluster.replicas[i % cluster.replicas.length]!.url, i);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }),
  );
  const statuses = answers.map((a) => a.status);
  return { answers, created: statuses.filter((s) => s === 201).length, refused: answers.filter((a) => a.status === 429) };
}

const create = (apiKey: string, body = generationBody()) => (url: string) =>
  fetch(`${url}/v2/generate`, { method: "POST", headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("limits across three replicas", () => {
  it("lets exactly the plan's 15 generations in when 45 creates arrive at once", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const { created, refused, answers } = await burst(45, create(apiKey));
    expect(created).toBe(15);
    expect(refused).toHaveLength(30);
    for (const answer of refused) expect(answer.body).toMatchObject({ errorCode: "concurrency_limit_reached", concurrencyLimit: 15, activeGenerations: 15 });
    expect(answers.every((a) => a.status === 201 || a.status === 429)).toBe(true);
    const listed = await cluster.api[0]!.get("/v2/generations", { key: apiKey });
    expect(listed.body).toHaveLength(15);
  });

  it("lets exactly the plan's 3 batches run when 9 arrive at once", async () => {
    const apiKey = `scale_${randomUUID()}`;
    const file = jsonl(batchLines(20));
    const { created, refused } = await burst(9, (url) => fetch(`${url}/v2/batch`, { method: "POST", headers: { "x-api-key": apiKey }, body: batchForm(file) }));
    expect(created).toBe(3);
    expect(refused).toHaveLength(6);
    for (const answer of refused) expect(answer.body).toMatchObject({ errorCode: "concurrency_limit_reached" });
  });

  it("applies a once rule to exactly one of 20 creates that race for it", async () => {
    const apiKey = `enterprise_${randomUUID()}`;
    await cluster.admin[0]!.setScenario(
      "name: once\nextends: default\nrules:\n  - { name: first-fails, once: true, match: { inputUrl: '*' }, fail: { code: generation_pipeline_failed } }\n",
      apiKey,
    );
    const { created, answers } = await burst(20, create(apiKey));
    expect(created).toBe(20);
    await cluster.admin[1]!.advance(60_000, apiKey);
    const listed = await cluster.api[2]!.get("/v2/generations", { key: apiKey });
    const failed = (listed.body as Array<{ status: string }>).filter((g) => g.status === "FAILED");
    expect(failed).toHaveLength(1);
    expect(answers).toHaveLength(20);
  });

  it("counts one request-rate window for the key over every replica", async () => {
    const apiKey = `enterprise_${randomUUID()}`;
    await cluster.admin[2]!.setScenario("name: rated\nextends: default\nrateLimits:\n  - { endpoint: 'POST /v2/generate', limit: 10, windowMs: 60000 }\n", apiKey);
    const { created, refused } = await burst(30, create(apiKey));
    expect(created).toBe(10);
    expect(refused).toHaveLength(20);
    for (const answer of refused) expect(answer.body).toMatchObject({ errorCode: "rate_limit_exceeded" });
    // The window is on the key's shared clock: an advance on any replica refills it for all.
    await cluster.admin[0]!.advance(60_000, apiKey);
    expect((await burst(3, create(apiKey))).created).toBe(3);
  });
});

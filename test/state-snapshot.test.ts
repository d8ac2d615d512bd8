/**
 * State snapshots (GET/PUT /__mock/state): a key's world or the whole mock's, exported, reset, imported, and
 * every answer as before; a document that does not fit the published schema changes nothing. The "redis"
 * project runs it all again on the Redis store; the last tests carry a world from one store to the other.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { startSyncMock, type StateSnapshot } from "../src/testing/index.js";
import { batchLines } from "./helpers/batch.js";
import { client, generationBody } from "./helpers/http.js";
import { startChildMock } from "./helpers/child-mock.js";
import { useSyncMock } from "./helpers/mock.js";
import { startReceiver } from "./helpers/receiver.js";
import { startRedis } from "./helpers/redis.js";

const t = useSyncMock({ clock: "manual", clockStart: Date.UTC(2026, 0, 1) });
const schema = JSON.parse(readFileSync(new URL("../openapi/state.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

/** A world for `key`: generations in each state, a failed one, a batch, an asset, a webhook, a scenario, a clock. */
async function buildWorld(key: string, webhookUrl: string) {
  const { admin } = t.mock;
  await admin.setScenario("name: keyed\nextends: default\nrules:\n  - name: broken\n    match: { inputUrl: '*broken*' }\n    fail: { code: generation_timeout }\n", key);
  const done = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl }) });
  const broken = [{ type: "video", url: "https://cdn.test/broken.mp4" }, { type: "audio", url: "https://cdn.test/talk.wav" }];
  const failed = await t.api.post("/v2/generate", { key, json: generationBody({ input: broken }) });
  await admin.advance(60_000, key);
  const pending = await t.api.post("/v2/generate", { key, json: generationBody() });
  const batch = await t.api.post("/v2/batch", { key, json: { rows: batchLines(20) } });
  const asset = await t.api.post("/v2/assets", { key, json: { url: "https://cdn.test/media/talk.mp4", type: "VIDEO" } });
  await admin.waitForWebhook({ jobId: done.body.id }, { apiKey: key });
  return { ids: [done.body.id, failed.body.id, pending.body.id], batchId: batch.body.id, assetId: asset.body.id };
}

/** Every answer a client of `key` can see of its world on the mock `api` talks to. */
async function answersOf(api: ReturnType<typeof client>, key: string, world: Awaited<ReturnType<typeof buildWorld>>) {
  const read = async (path: string) => (await api.get(path, { key })).body;
  const admin = async (path: string) => (await api.get(`/__mock${path}`, { key })).body;
  return {
    generations: await Promise.all(world.ids.map((id) => read(`/v2/generate/${id}`))),
    list: await read("/v2/generations"),
    batch: await read(`/v2/batch/${world.batchId}`),
    batches: await read("/v2/batch"),
    asset: await read(`/v2/assets/${world.assetId}`),
    assets: await read("/v2/assets"),
    clock: (await admin("/clock")).now,
    scenario: await admin("/scenario"),
    webhooks: (await admin("/webhooks")).items,
  };
}

describe("GET /__mock/state", () => {
  it("exports a key's generations, batches, assets, clock, scenario and webhooks, valid against the published schema", async () => {
    const receiver = await startReceiver();
    try {
      const key = t.mock.apiKey();
      const world = await buildWorld(key, receiver.url("/hook"));
      const snapshot = await t.mock.admin.exportState(key);
      expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true);
      expect(snapshot).toMatchObject({ format: "sync-mock-state", version: 1, scope: "tenant" });
      const [tenant] = snapshot.tenants as any[];
      expect(tenant.apiKey).toBe(key);
      expect(tenant.now).toBe((await t.mock.admin.clock(key)).now);
      expect(tenant.generations.map((g: any) => g.id)).toEqual(expect.arrayContaining(world.ids));
      expect(tenant.generations).toHaveLength(23); // 3 stand-alone + 20 batch items
      expect(tenant.batches.map((b: any) => b.id)).toEqual([world.batchId]);
      expect(tenant.assets.map((a: any) => a.id)).toContain(world.assetId);
      expect(tenant.webhooks).toHaveLength(1);
      expect(tenant.scenario).toMatchObject({ name: "keyed" });
    } finally {
      await receiver.close();
    }
  });

  it("serves the JSON Schema it publishes", async () => {
    const { status, body } = await t.api.get("/__mock/state/schema");
    expect(status).toBe(200);
    expect(body).toEqual(schema);
  });
});

describe("PUT /__mock/state", () => {
  it("round-trips a key: export, reset, import, and every answer is as before", async () => {
    const receiver = await startReceiver();
    try {
      const key = t.mock.apiKey();
      const world = await buildWorld(key, receiver.url("/hook"));
      const before = await answersOf(t.api, key, world);
      const snapshot = await t.mock.admin.exportState(key);
      await t.mock.admin.reset(key);
      expect((await t.api.get(`/v2/generate/${world.ids[0]}`, { key })).status).toBe(404);
      expect(await t.mock.admin.importState(snapshot)).toEqual({ scope: "tenant", tenants: 1, generations: 23, batches: 1, assets: 1, webhooks: 1 });
      expect(await answersOf(t.api, key, world)).toEqual(before);
      expect(await t.mock.admin.exportState(key)).toEqual(snapshot);
    } finally {
      await receiver.close();
    }
  });

  it("goes on from the imported world: its pending jobs move with the key's clock and send their webhooks", async () => {
    const receiver = await startReceiver();
    try {
      const key = t.mock.apiKey();
      const created = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url("/later") }) });
      const snapshot = await t.mock.admin.exportState(key);
      await t.mock.admin.reset(key);
      await t.mock.admin.importState(snapshot);
      expect((await t.api.get(`/v2/generate/${created.body.id}`, { key })).body.status).toBe("PENDING");
      await t.mock.admin.advance(60_000, key);
      expect((await t.api.get(`/v2/generate/${created.body.id}`, { key })).body.status).toBe("COMPLETED");
      const [hook] = await receiver.waitFor(1);
      expect(JSON.parse(hook!.body)).toMatchObject({ id: created.body.id, status: "COMPLETED" });
    } finally {
      await receiver.close();
    }
  });

  it("with x-api-key, imports a snapshot's one tenant as that key, leaving the original alone", async () => {
    const source = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key: source, json: generationBody() });
    const snapshot = await t.mock.admin.exportState(source);
    const fresh = t.mock.apiKey();
    await t.mock.admin.importState(snapshot, fresh);
    const copy = await t.api.get(`/v2/generate/${created.body.id}`, { key: fresh });
    expect(copy.body).toEqual((await t.api.get(`/v2/generate/${created.body.id}`, { key: source })).body);
    expect((await t.mock.admin.clock(fresh)).now).toBe((await t.mock.admin.clock(source)).now);
  });

  it("starts a key's clock at the snapshot's time, earlier than the importing mock's", async () => {
    const key = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key, json: generationBody() });
    const snapshot = await t.mock.admin.exportState(key);
    const later = await startSyncMock({ clock: "manual", clockStart: Date.UTC(2027, 0, 1) });
    try {
      await later.admin.importState(snapshot);
      expect((await later.admin.clock(key)).now).toBe(snapshot.tenants[0]!.now);
      const { body } = await client(later.baseUrl).get(`/v2/generate/${created.body.id}`, { key });
      expect(body.status).toBe("PENDING");
    } finally {
      await later.close();
    }
  });

  it("refuses a snapshot that does not fit the schema with 400 naming the field, and changes nothing", async () => {
    const key = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key, json: generationBody() });
    const snapshot = (await t.mock.admin.exportState(key)) as any;
    snapshot.tenants[0].generations[0].timeline[0].status = "DONE";
    const { status, body } = await t.api.request("PUT", "/__mock/state", { json: snapshot });
    expect(status).toBe(400);
    expect(body.message.join("\n")).toMatch(/^tenants\.0\.generations\.0\.timeline\.0\.status must be one of/);
    expect((await t.api.get(`/v2/generate/${created.body.id}`, { key })).status).toBe(200);
  });

  it("refuses a batch whose item names no generation of its tenant, and changes nothing", async () => {
    const key = t.mock.apiKey();
    const batch = await t.api.post("/v2/batch", { key, json: { rows: batchLines(20) } });
    const snapshot = (await t.mock.admin.exportState(key)) as any;
    snapshot.tenants[0].generations = [];
    const { status, body } = await t.api.request("PUT", "/__mock/state", { json: snapshot });
    expect(status).toBe(400);
    expect(body.message.join("\n")).toMatch(/^tenants\.0\.batches\.0\.items\.0\.generationId names no generation/);
    expect((await t.api.get(`/v2/batch/${batch.body.id}`, { key })).status).toBe(200);
  });

  it("refuses a body that is not JSON, or of another format version, with 400", async () => {
    const notJson = await t.api.request("PUT", "/__mock/state", { body: "{", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    const snapshot = { ...(await t.mock.admin.exportState(t.mock.apiKey())), version: 2 } as unknown as StateSnapshot;
    const other = await t.api.request("PUT", "/__mock/state", { json: snapshot });
    expect(other.status).toBe(400);
    expect(other.body.message.join("\n")).toMatch(/^version must be/);
  });
});

describe("a whole mock's snapshot", () => {
  it("round-trips every key and the server's scenario through a full reset", async () => {
    const mock = await startSyncMock({ clock: "manual", clockStart: Date.UTC(2026, 0, 1) });
    try {
      const api = client(mock.baseUrl);
      const [a, b] = [mock.apiKey(), mock.apiKey()];
      await mock.admin.setScenario("name: server-wide\nextends: default\n");
      const one = await api.post("/v2/generate", { key: a, json: generationBody() });
      await mock.admin.advance(30_000, a);
      const two = await api.post("/v2/generate", { key: b, json: generationBody() });
      const read = async () => [(await api.get(`/v2/generate/${one.body.id}`, { key: a })).body, (await api.get(`/v2/generate/${two.body.id}`, { key: b })).body, (await mock.admin.scenario()).scenario.name];
      const before = await read();
      const snapshot = await mock.admin.exportState();
      expect(snapshot.scope).toBe("all");
      await mock.admin.reset();
      expect((await mock.admin.scenario()).scenario.name).not.toBe("server-wide");
      expect(await mock.admin.importState(snapshot)).toMatchObject({ scope: "all", tenants: 2, generations: 2 });
      expect(await read()).toEqual(before);
    } finally {
      await mock.close();
    }
  });
});

describe("snapshots and the other stores", () => {
  it("keeps an imported world across a restart with --data-dir (kill -9)", async () => {
    const key = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key, json: generationBody() });
    const snapshot = await t.mock.admin.exportState(key);
    const data = mkdtempSync(join(tmpdir(), "sync-mock-state-"));
    const first = await startChildMock(["--data-dir", data, "--clock", "manual", "--log-level", "silent"]);
    try {
      await client(first.url).request("PUT", "/__mock/state", { json: snapshot });
    } finally {
      await first.stop("SIGKILL");
    }
    const second = await startChildMock(["--data-dir", data, "--clock", "manual", "--log-level", "silent"]);
    try {
      const api = client(second.url);
      expect((await api.get(`/v2/generate/${created.body.id}`, { key })).body).toEqual((await t.api.get(`/v2/generate/${created.body.id}`, { key })).body);
      expect((await api.get("/__mock/clock", { key })).body.now).toBe(snapshot.tenants[0]!.now);
    } finally {
      await second.stop();
    }
  });

  it("carries a key's world into a mock on the Redis store (and back), every answer as before", async () => {
    const receiver = await startReceiver();
    const redis = await startRedis();
    const onRedis = await startSyncMock({ store: redis.url, clock: "manual" });
    const inMemory = await startSyncMock({ store: "memory", clock: "manual" });
    try {
      const key = t.mock.apiKey();
      const world = await buildWorld(key, receiver.url("/hook"));
      // URLs a mock hands out start with its own address (and the webhook log keeps the first mock's in its bodies).
      const bases = [t.mock.baseUrl, onRedis.baseUrl, inMemory.baseUrl];
      const seen = async (base: string) => JSON.parse(bases.reduce((text, mock) => text.replaceAll(mock, "http://mock"), JSON.stringify(await answersOf(client(base), key, world)))) as unknown;
      const before = await seen(t.mock.baseUrl);
      const snapshot = await t.mock.admin.exportState(key);
      await onRedis.admin.importState(snapshot);
      expect(await seen(onRedis.baseUrl)).toEqual(before);
      const back = await onRedis.admin.exportState(key);
      expect(back).toEqual({ ...snapshot, exportedAt: back.exportedAt, clock: back.clock });
      await inMemory.admin.importState(back);
      expect(await seen(inMemory.baseUrl)).toEqual(before);
    } finally {
      await Promise.all([onRedis.close(), inMemory.close(), receiver.close()]);
      await redis.close();
    }
  });

  it("refuses a snapshot of several keys sent with one x-api-key", async () => {
    const snapshot = await t.mock.admin.exportState();
    expect(snapshot.tenants.length).toBeGreaterThan(1);
    const { status, body } = await t.api.request("PUT", "/__mock/state", { key: t.mock.apiKey(), json: snapshot });
    expect(status).toBe(400);
    expect(body.message.join("\n")).toMatch(/exactly one tenant/);
  });
});

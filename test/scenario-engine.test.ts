import { describe, expect, it } from "vitest";
import { startSyncMock } from "../src/testing/index.js";
import { client, generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });
const video = (url: string) => generationBody({ input: [{ type: "video", url }, { type: "audio", url: "https://cdn.test/a.wav" }] });

describe("x-mock-scenario", () => {
  it("runs one request under a named scenario", async () => {
    const key = t.mock.apiKey();
    const { body: instant } = await t.api.post("/v2/generate", { key, json: generationBody(), headers: { "x-mock-scenario": "instant" } });
    const { body: normal } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect((await t.api.get(`/v2/generate/${instant.id}`, { key })).body.status).toBe("COMPLETED");
    expect((await t.api.get(`/v2/generate/${normal.id}`, { key })).body.status).toBe("PENDING");
  });

  it("answers 400 for a scenario it does not know, listing the ones it does", async () => {
    const { status, body } = await t.api.get("/v2/models", { key: t.mock.apiKey(), headers: { "x-mock-scenario": "nope" } });
    expect(status).toBe(400);
    expect(body.message).toMatch(/Unknown scenario nope \(known: .*failures.*instant/);
  });
});

describe("PUT /__mock/scenario", () => {
  it("puts a scenario in force for one key only, and DELETE takes it away", async () => {
    const [mine, other] = [t.mock.apiKey(), t.mock.apiKey()];
    const state = await t.mock.admin.setScenario("extends: default\ntiming: { preset: instant }\n", mine);
    expect(state.scope).toBe("tenant");
    const { body: a } = await t.api.post("/v2/generate", { key: mine, json: generationBody() });
    const { body: b } = await t.api.post("/v2/generate", { key: other, json: generationBody() });
    expect((await t.api.get(`/v2/generate/${a.id}`, { key: mine })).body.status).toBe("COMPLETED");
    expect((await t.api.get(`/v2/generate/${b.id}`, { key: other })).body.status).toBe("PENDING");
    expect((await t.mock.admin.scenario(other)).scope).toBe("server");
    expect((await t.mock.admin.clearScenario(mine)).scope).toBe("server");
    const { body: c } = await t.api.post("/v2/generate", { key: mine, json: generationBody() });
    expect((await t.api.get(`/v2/generate/${c.id}`, { key: mine })).body.status).toBe("PENDING");
  });

  it("applies the scenario's key rules to that key (plan and limits)", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario({ keys: [{ match: "*", plan: "free", limits: { concurrency: 2 } }] }, key);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).body).toMatchObject({ errorCode: "concurrency_limit_reached", concurrencyLimit: 2 });
    const batch = await t.api.post("/v2/batch", { key, body: new FormData() });
    expect(batch.body).toMatchObject({ statusCode: 402, errorCode: "plan_feature_unavailable" });
  });

  it.each([
    ["text that is not YAML", "a: [1, 2", "scenario: not valid YAML or JSON"],
    ["an unknown field", "colour: blue", 'scenario: (root): Unrecognized key: "colour"'],
    ["a wrong type", "timing: { pendingMs: soon }", "scenario: timing.pendingMs: Invalid input: expected number, received string"],
    ["an unknown preset", "timing: { preset: slow }", "scenario: timing.preset: Invalid option"],
    ["a rule with two actions", "rules: [{ fail: { code: x }, complete: {} }]", "scenario: rules.0: a rule needs exactly one of"],
    ["an HTTP rule that matches a model", "rules: [{ match: { model: sync-3 }, respond: { status: 500 } }]", "scenario: rules.0.match: respond rules can only match endpoint and headers"],
    ["a probability over 1", "rules: [{ complete: {}, probability: 1.5 }]", "scenario: rules.0.probability: Too big"],
    ["a rate limit of 0", "rateLimits: [{ endpoint: 'GET /v2/*', limit: 0 }]", "scenario: rateLimits.0.limit: Too small"],
    ["an unknown base", "extends: nothing", 'scenario: extends: no scenario named "nothing"'],
    ["a webhook fault nobody knows", "webhooks: { faults: [{ fault: explode }] }", "scenario: webhooks.faults.0.fault: Invalid option"],
  ])("refuses %s with a 400 naming the field, and changes nothing", async (_name, text, message) => {
    const key = t.mock.apiKey();
    const before = await t.mock.admin.scenario(key);
    const answer = await t.api.request("PUT", "/__mock/scenario", { key, body: text, headers: { "content-type": "application/yaml" } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toEqual([expect.stringContaining(message)]);
    expect(await t.mock.admin.scenario(key)).toEqual(before);
  });

  it("lists the named scenarios", async () => {
    const { body } = await t.api.get("/__mock/scenarios");
    expect(body.items.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(["default", "failures", "instant", "rate-limited", "realistic"]));
  });
});

describe("outcome rules", () => {
  it("match on headers, options, model and input URL; first match wins; once/times are spent per key", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario(
      `
rules:
  - { name: by-header, match: { headers: { x-case: "header-*" } }, fail: { code: generation_timeout } }
  - { name: by-option, match: { options: { sync_mode: silence } }, reject: { code: generation_plan_duration_exceeded, message: "Too long for this test." } }
  - { name: by-model, match: { model: react-1 }, stuck: PROCESSING }
  - { name: first-only, match: { inputUrl: "*once*" }, once: true, fail: { code: generation_pipeline_failed } }
`,
      key,
    );
    const ids = {
      header: (await t.api.post("/v2/generate", { key, json: generationBody(), headers: { "x-case": "header-1" } })).body.id,
      option: (await t.api.post("/v2/generate", { key, json: generationBody({ options: { sync_mode: "silence" } }) })).body.id,
      model: (await t.api.post("/v2/generate", { key, json: generationBody({ model: "react-1" }) })).body.id,
      once1: (await t.api.post("/v2/generate", { key, json: video("https://cdn.test/once.mp4") })).body.id,
      once2: (await t.api.post("/v2/generate", { key, json: video("https://cdn.test/once.mp4") })).body.id,
    };
    await t.mock.admin.advance(60_000, key);
    const get = async (id: string) => (await t.api.get(`/v2/generate/${id}`, { key })).body;
    expect(await get(ids.header)).toMatchObject({ status: "FAILED", errorCode: "generation_timeout" });
    expect(await get(ids.option)).toMatchObject({ status: "REJECTED", errorCode: "generation_plan_duration_exceeded", error: "Too long for this test." });
    expect(await get(ids.model)).toMatchObject({ status: "PROCESSING" });
    expect(await get(ids.once1)).toMatchObject({ status: "FAILED" });
    expect(await get(ids.once2)).toMatchObject({ status: "COMPLETED" });
    const journal = await t.mock.admin.requests({ method: "POST", path: "/v2/generate" }, key);
    expect(journal.map((e) => e.rule)).toEqual([null, "first-only", "by-model", "by-option", "by-header"]);
  });

  it("answers HTTP faults on matching endpoints, a limited number of times", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario({ rules: [{ match: { endpoint: "GET /v2/generations" }, respond: { status: 503 }, times: 2 }] }, key);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.api.get("/v2/generations", { key, unchecked: true })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await t.api.get("/v2/models", { key })).status).toBe(200);
  });
});

describe("rate limits on the manual clock", () => {
  it("count per key and endpoint, answer 429 with Retry-After, and refill as the key's clock moves", async () => {
    const mock = await startSyncMock({ clock: "manual", scenario: "rateLimits:\n  - { endpoint: 'POST /v2/generate', limit: 2, windowMs: 10000 }\n" });
    const api = client(mock.baseUrl);
    try {
      const [key, other] = [mock.apiKey(), mock.apiKey()];
      expect((await api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
      await mock.admin.advance(4_000, key);
      expect((await api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
      const limited = await api.post("/v2/generate", { key, json: generationBody() });
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ statusCode: 429, errorCode: "rate_limit_exceeded", message: "Rate limit exceeded. Please try again later.", error: "Too Many Requests" });
      expect(limited.headers.get("retry-after")).toBe("6");
      expect((await api.get("/v2/generations", { key })).status).toBe(200);
      expect((await api.post("/v2/generate", { key: other, json: generationBody() })).status).toBe(201);
      await mock.admin.advance(6_000, key);
      expect((await api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
    } finally {
      await mock.close();
    }
  });
});

describe("determinism", () => {
  const scenario = "seed: 7\nextends: default\nrules:\n  - { match: { inputUrl: '*coin*' }, probability: 0.5, fail: { code: generation_pipeline_failed } }\n";

  async function run(): Promise<unknown[]> {
    const mock = await startSyncMock({ clock: "manual", clockStart: Date.UTC(2030, 0, 1), scenario, publicUrl: "http://sync-mock.test" });
    const api = client(mock.baseUrl);
    try {
      const key = "scale_fixed_key";
      const seen: unknown[] = [];
      for (let i = 0; i < 8; i++) seen.push((await api.post("/v2/generate", { key, json: video(`https://cdn.test/coin-${i}.mp4`) })).body.id);
      await mock.admin.advance(5_000, key);
      for (const item of (await api.get("/v2/generations", { key })).body) seen.push(item.status, item.outputUrl);
      return seen;
    } finally {
      await mock.close();
    }
  }

  it("repeats ids, tokens and probabilistic choices exactly across runs with the same seed", async () => {
    const [first, second] = [await run(), await run()];
    expect(second).toEqual(first);
    expect(new Set(first.filter((x) => x === "FAILED" || x === "COMPLETED")).size).toBe(2);
  });

  it("starts the sequence over on a full reset", async () => {
    const mock = await startSyncMock({ clock: "manual", scenario });
    const api = client(mock.baseUrl);
    try {
      const first = (await api.post("/v2/generate", { key: "k", json: generationBody() })).body.id;
      await mock.admin.reset();
      expect((await api.post("/v2/generate", { key: "k", json: generationBody() })).body.id).toBe(first);
    } finally {
      await mock.close();
    }
  });
});

describe("poll-driven progression", () => {
  it("moves a generation one state per read, and notifies when a read finishes it", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario("extends: default\ntiming: { progression: polls }\n", key);
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.api.get(`/v2/generate/${created.id}`, { key })).body.status);
    expect(statuses).toEqual(["PROCESSING", "COMPLETED", "COMPLETED", "COMPLETED"]);
    expect((await t.api.get("/v2/generations", { key })).body[0].status).toBe("COMPLETED");
  });

  it("frees a concurrency slot when reads finish a generation", async () => {
    const key = t.mock.apiKey("free");
    await t.mock.admin.setScenario("extends: default\ntiming: { progression: polls }\n", key);
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(429);
    await t.api.get(`/v2/generate/${created.id}`, { key });
    await t.api.get(`/v2/generate/${created.id}`, { key });
    expect((await t.api.post("/v2/generate", { key, json: generationBody() })).status).toBe(201);
  });

  it("moves a batch's items one state per read of the batch", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario("extends: default\ntiming: { progression: polls }\n", key);
    const { batchForm, batchLines, jsonl } = await import("./helpers/batch.js");
    const { body: created } = await t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20))) });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.api.get(`/v2/batch/${created.id}`, { key })).body.status);
    expect(statuses).toEqual(["PROCESSING", "COMPLETED", "COMPLETED"]);
  });
});

describe("the request journal", () => {
  it("lists what a key's client sent and got, newest first, with key-less requests visible to all", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ outputFileName: "journal_test" }) });
    await t.api.get("/v2/generations?limit=5", { key });
    await t.api.get("/v2/models");
    const entries = await t.mock.admin.requests({}, key);
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/v2/generations", 200],
      ["POST", "/v2/generate", 201],
    ]);
    expect(entries[0]!.query).toEqual({ limit: "5" });
    expect(entries[1]!.body).toMatchObject({ outputFileName: "journal_test" });
    expect(entries[1]!.headers).not.toHaveProperty("x-api-key");
    // As web Headers show them: lower-case names in order.
    expect(entries[1]!.headers["content-type"]).toMatch(/^application\/json/);
    expect(Object.keys(entries[1]!.headers)).toEqual(Object.keys(entries[1]!.headers).sort());
    expect(entries[1]).toMatchObject({ tenant: key, scenario: "default", rule: null });
    const all = await t.mock.admin.requests({ path: "/v2/models", limit: 1 });
    expect(all[0]).toMatchObject({ tenant: null, status: 401 });
  });
});

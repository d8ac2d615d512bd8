import { describe, expect, it } from "vitest";
import { AdminError, startSyncMock } from "../src/testing/index.js";
import { client, generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const START = Date.UTC(2026, 0, 1);

const t = useSyncMock({ clock: "manual", clockStart: START });

describe("GET /__mock/health", () => {
  it("reports ok with the clock mode and scenario", async () => {
    const { status, body } = await t.api.get("/__mock/health");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", clock: "manual", scenario: "default" });
  });
});

describe("the clock", () => {
  it("stands still in manual mode", async () => {
    const key = t.mock.apiKey();
    const first = await t.mock.admin.clock(key);
    const { body } = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect(body.createdAt).toBe(first.now);
    expect((await t.mock.admin.clock(key)).now).toBe(first.now);
  });

  it("advances one tenant with x-api-key and leaves the others", async () => {
    const [a, b] = [t.mock.apiKey(), t.mock.apiKey()];
    const before = Date.parse((await t.mock.admin.clock(b)).now);
    const state = await t.mock.admin.advance(60_000, a);
    expect(state.tenant).toEqual({ apiKey: a, shiftMs: 60_000 });
    expect(Date.parse(state.now)).toBe(before + 60_000);
    expect(Date.parse((await t.mock.admin.clock(b)).now)).toBe(before);
  });

  it("advances every tenant without a key, including tenants created later", async () => {
    const a = t.mock.apiKey();
    const before = Date.parse((await t.mock.admin.clock(a)).now);
    await t.mock.admin.advance(1_000);
    expect(Date.parse((await t.mock.admin.clock(a)).now)).toBe(before + 1_000);
    expect(Date.parse((await t.mock.admin.clock(t.mock.apiKey())).now)).toBe(before + 1_000);
  });

  it("moves a tenant to a given time", async () => {
    const key = t.mock.apiKey();
    const target = new Date(START + 86_400_000).toISOString();
    const state = await t.mock.admin.advanceTo(target, key);
    expect(state.now).toBe(target);
  });

  it.each([
    ["a negative ms", { ms: -1 }],
    ["both ms and to", { ms: 1, to: "2030-01-01T00:00:00Z" }],
    ["neither", {}],
    ["a bad date", { to: "tomorrow" }],
    ["an unknown field", { ms: 1, seconds: 1 }],
  ])("refuses %s with 400", async (_name, body) => {
    const answer = await t.api.post("/__mock/clock/advance", { key: t.mock.apiKey(), json: body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toEqual(expect.any(Array));
  });

  it("refuses to move a tenant backwards", async () => {
    const key = t.mock.apiKey();
    await expect(t.mock.admin.advanceTo("2000-01-01T00:00:00Z", key)).rejects.toThrow(AdminError);
  });

  it("refuses `to` without a key", async () => {
    const answer = await t.api.post("/__mock/clock/advance", { json: { to: "2030-01-01T00:00:00Z" } });
    expect(answer.status).toBe(400);
  });

  it("answers 401 for a key the scenario rejects", async () => {
    expect((await t.api.get("/__mock/clock", { key: "invalid_x" })).status).toBe(401);
  });
});

describe("POST /__mock/reset", () => {
  it("forgets one tenant and keeps the others", async () => {
    const [a, b] = [t.mock.apiKey(), t.mock.apiKey()];
    const { body: ga } = await t.api.post("/v2/generate", { key: a, json: generationBody() });
    const { body: gb } = await t.api.post("/v2/generate", { key: b, json: generationBody() });
    const result = await t.mock.admin.reset(a);
    expect(result).toEqual({ scope: "tenant", tenantsRemoved: 1 });
    expect((await t.api.get(`/v2/generate/${ga.id}`, { key: a })).status).toBe(404);
    expect((await t.api.get(`/v2/generate/${gb.id}`, { key: b })).status).toBe(200);
  });

  it("forgets everything without a key", async () => {
    const other = await startSyncMock({ clock: "manual" });
    try {
      const key = other.apiKey();
      await client(other.baseUrl).post("/v2/generate", { key, json: generationBody() });
      expect((await other.admin.reset()).scope).toBe("all");
      expect((await client(other.baseUrl).get("/v2/generations", { key })).body).toEqual([]);
      expect((await other.admin.health()).tenants).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe("GET /__mock/openapi.json", () => {
  it("documents the admin plane separately", async () => {
    const { body } = await t.api.get("/__mock/openapi.json", { unchecked: true });
    expect(Object.keys(body.paths).sort()).toEqual([
      "/clock",
      "/clock/advance",
      "/events",
      "/health",
      "/jobs",
      "/requests",
      "/requests/{id}",
      "/reset",
      "/scenario",
      "/scenarios",
      "/state",
      "/state/schema",
      "/tenants",
      "/webhooks",
      "/webhooks/wait",
      "/webhooks/{id}/redeliver",
    ]);
  });
});

/**
 * The admin routes the inspector page is built on, as any tool would use them: the live events stream, the
 * jobs and keys lists, and the journal's answers, paging and single entries.
 */
import { describe, expect, it } from "vitest";
import { startSyncMock } from "../src/testing/index.js";
import { batchLines } from "./helpers/batch.js";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";
import { startReceiver } from "./helpers/receiver.js";
import { openEvents } from "./helpers/sse.js";

const t = useSyncMock({ clock: "manual", clockStart: Date.UTC(2026, 0, 1) });
const events = (query = "") => openEvents(`${t.mock.baseUrl}/__mock/events${query}`);

describe("GET /__mock/events", () => {
  it("streams each API request as it is answered, with its key, status and seq", async () => {
    const stream = await events();
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await stream.next("ready");
    const key = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key, json: generationBody() });
    const event = await stream.next("request", (d) => d.tenant === key);
    expect(event.data).toMatchObject({ type: "request", method: "POST", path: "/v2/generate", status: 201, tenant: key, requestId: expect.any(String) });
    expect(event.id).toBe(String(event.data.seq));
    expect(created.status).toBe(201);
    stream.close();
  });

  it("with apiKey, streams that key's requests only, and every key's clock moves", async () => {
    const [mine, other] = [t.mock.apiKey(), t.mock.apiKey()];
    const stream = await events(`?apiKey=${mine}`);
    await stream.next("ready");
    await t.api.get("/v2/models", { key: other });
    await t.api.get("/v2/models", { key: mine });
    await stream.next("request", (d) => d.tenant === mine);
    await t.mock.admin.advance(1_000);
    const clock = await stream.next("clock");
    expect(clock.data).toMatchObject({ tenant: null, ms: 1_000 });
    expect(stream.events.filter((e) => e.event === "request").map((e) => e.data.tenant)).toEqual([mine]);
    stream.close();
  });

  it("announces scenario changes and resets of a key", async () => {
    const key = t.mock.apiKey();
    const stream = await events(`?apiKey=${key}`);
    await stream.next("ready");
    await t.mock.admin.setScenario("name: slow\nextends: default\n", key);
    expect((await stream.next("scenario")).data).toMatchObject({ tenant: key });
    await t.mock.admin.reset(key);
    expect((await stream.next("reset")).data).toMatchObject({ tenant: key });
    stream.close();
  });

  it("streams every webhook attempt with its outcome and status", async () => {
    const receiver = await startReceiver();
    try {
      const key = t.mock.apiKey();
      const stream = await events(`?apiKey=${key}`);
      await stream.next("ready");
      const { body } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url("/status/500") }) });
      await t.mock.admin.advance(10 * 60_000, key);
      const attempt = await stream.next("webhook");
      expect(attempt.data).toMatchObject({ jobId: body.id, outcome: "failed", status: 500, attempt: 1, url: receiver.url("/status/500") });
      stream.close();
    } finally {
      await receiver.close();
    }
  });

  it("survives clients that disconnect: their streams are dropped and the others go on", async () => {
    const hub = t.mock.server.deps.events;
    // The streams of the tests before, closed by them, are gone too.
    await expect.poll(() => hub.streams).toBe(0);
    const before = 0;
    const leaving = await Promise.all(Array.from({ length: 5 }, () => events()));
    const staying = await events();
    await Promise.all([...leaving, staying].map((s) => s.next("ready")));
    expect(hub.streams).toBe(before + 6);
    for (const stream of leaving) stream.close();
    await expect.poll(() => hub.streams).toBe(before + 1);
    const key = t.mock.apiKey();
    await t.api.get("/v2/models", { key });
    await staying.next("request", (d) => d.tenant === key);
    staying.close();
    await expect.poll(() => hub.streams).toBe(before);
  });

  it("does not hold a closing server: open streams end and the mock stops", async () => {
    const mock = await startSyncMock();
    const stream = await openEvents(`${mock.baseUrl}/__mock/events`);
    await stream.next("ready");
    await mock.close();
    expect(mock.server.deps.events.streams).toBe(0);
  });
});

describe("the journal for the inspector", () => {
  it("keeps the answer's body, parsed, beside the request's", async () => {
    const key = t.mock.apiKey();
    const { body } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const [entry] = (await t.api.get(`/__mock/requests?limit=1`, { key })).body.items;
    expect(entry.answer).toMatchObject({ id: body.id, status: "PENDING" });
    const missing = (await t.api.get(`/v2/generate/nope`, { key })).body;
    const [notFound] = (await t.api.get(`/__mock/requests?limit=1`, { key })).body.items;
    expect(notFound.answer).toEqual({ ...missing, requestId: notFound.requestId });
  });

  it("pages newest first with before, and gives one entry by its request id", async () => {
    const key = t.mock.apiKey();
    for (let i = 0; i < 5; i++) await t.api.get(`/v2/models?page=${i}`, { key });
    const first = (await t.api.get(`/__mock/requests?limit=2`, { key })).body.items;
    const second = (await t.api.get(`/__mock/requests?limit=2&before=${first[1].seq}`, { key })).body.items;
    expect([...first, ...second].map((e: any) => e.query.page)).toEqual(["4", "3", "2", "1"]);
    const after = (await t.api.get(`/__mock/requests?after=${second[0].seq}`, { key })).body.items;
    expect(after.map((e: any) => e.query.page)).toEqual(["4", "3"]);
    const one = await t.api.get(`/__mock/requests/${first[0].requestId}`);
    expect(one.body).toMatchObject({ requestId: first[0].requestId, tenant: key, query: { page: "4" } });
  });

  it("answers 404 for a request id it does not hold, or another key's", async () => {
    const [key, other] = [t.mock.apiKey(), t.mock.apiKey()];
    await t.api.get("/v2/models", { key });
    const [entry] = (await t.api.get(`/__mock/requests?limit=1`, { key })).body.items;
    expect((await t.api.get(`/__mock/requests/${entry.requestId}`, { key: other })).status).toBe(404);
    expect((await t.api.get(`/__mock/requests/no-such-request`)).body).toMatchObject({ statusCode: 404, error: "Not Found" });
  });
});

describe("GET /__mock/jobs and /__mock/tenants", () => {
  it("lists a key's generations with their timeline, and shows them move on the key's clock", async () => {
    const key = t.mock.apiKey();
    const { body } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const before = (await t.api.get("/__mock/jobs", { key })).body.items;
    expect(before).toEqual([expect.objectContaining({ kind: "generation", id: body.id, tenant: key, status: "PENDING", outputUrl: null, progression: "time" })]);
    expect(before[0].timeline.map((s: any) => s.status)).toEqual(["PENDING", "PROCESSING", "COMPLETED"]);
    await t.mock.admin.advance(10 * 60_000, key);
    const [after] = (await t.api.get("/__mock/jobs", { key })).body.items;
    expect(after).toMatchObject({ status: "COMPLETED", outputUrl: expect.stringContaining(`/v2/generations/${body.id}/result`) });
    expect((await fetch(after.outputUrl)).headers.get("content-type")).toBe("video/mp4");
  });

  it("lists batches with their counts and result file, and a failure's error code", async () => {
    const key = t.mock.apiKey();
    await t.mock.admin.setScenario("name: fails\nextends: default\nrules:\n  - { name: timeout, match: { inputUrl: '*fail-timeout*' }, fail: { code: generation_timeout } }\n", key);
    const failed = (await t.api.post("/v2/generate", { key, json: generationBody({ input: [{ type: "video", url: "https://cdn.test/fail-timeout.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] }) })).body;
    const batch = (await t.api.post("/v2/batch", { key, json: { rows: batchLines(20) } })).body;
    await t.mock.admin.advance(60 * 60_000, key);
    const items = (await t.api.get("/__mock/jobs", { key })).body.items;
    expect(items.find((j: any) => j.id === failed.id)).toMatchObject({ status: "FAILED", errorCode: "generation_timeout", rule: "timeout" });
    expect(items.find((j: any) => j.id === batch.id)).toMatchObject({ kind: "batch", status: "COMPLETED", metrics: { total_generations: 20 }, outputUrl: expect.stringContaining("/result") });
    expect(items.filter((j: any) => j.kind === "generation")).toHaveLength(1);
  });

  it("lists every key the mock has seen, with its plan and clock", async () => {
    const key = t.mock.apiKey("creator");
    await t.api.get("/v2/models", { key });
    const { items } = (await t.api.get("/__mock/tenants")).body;
    expect(items).toContainEqual(expect.objectContaining({ apiKey: key, plan: "creator", scenario: { scope: "server", name: "default" } }));
  });
});

describe("the page and its links", () => {
  it("serves the inspector page and its bundle from the package, and nothing else under its assets", async () => {
    const page = await fetch(`${t.mock.baseUrl}/__mock/ui`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    for (const asset of html.match(/\/__mock\/ui\/assets\/[\w.]+/g)!) expect((await fetch(`${t.mock.baseUrl}${asset}`)).status, asset).toBe(200);
    expect((await fetch(`${t.mock.baseUrl}/__mock/ui/assets/..%2Fcli.js`)).status).toBe(404);
  });

  it("links the inspector, the docs and the documents from /, as HTML for a browser and JSON for others", async () => {
    const json = await t.api.get("/", { unchecked: true });
    expect(json.body.links.map((l: any) => l.href)).toEqual(["/__mock/ui", "/docs", "/openapi.json", "/__mock/openapi.json", "/__mock/health"]);
    const html = await fetch(`${t.mock.baseUrl}/`, { headers: { accept: "text/html" } });
    expect(await html.text()).toContain('href="/__mock/ui"');
  });
});

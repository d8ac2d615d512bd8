import { createHmac } from "node:crypto";
import type { Sync } from "@sync.so/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerationSchema } from "../src/resources/generations/generations.schemas.js";
import { startSyncMock, type SyncMock } from "../src/testing/index.js";
import { client, generationBody } from "./helpers/http.js";
import { deadUrl, startReceiver, type Receiver } from "./helpers/receiver.js";

const SECRET = "whsec_sync_mock_test_secret";
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

/** Starts a manual-clock mock with the given scenario YAML for one describe block. */
function withMock(scenario?: string) {
  const context = {} as { mock: SyncMock; api: ReturnType<typeof client> };
  beforeAll(async () => {
    context.mock = await startSyncMock({ clock: "manual", ...(scenario ? { scenario } : {}) });
    context.api = client(context.mock.baseUrl);
  });
  afterAll(() => context.mock.close());
  return context;
}

/** An independent check of the signature: HMAC-SHA256 over "<t>.<body>" with the secret. */
function verify(header: string, body: string, secret = SECRET): boolean {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return !!t && createHmac("sha256", secret).update(`${t}.${body}`).digest("hex") === v1;
}

const receivedAt = (path: string) => receiver.received.filter((r) => r.path === path);

describe("generation webhooks (default scenario)", () => {
  const t = withMock();

  it("delivers one signed, compact GenerationNotification when the generation completes", async () => {
    const key = t.mock.apiKey();
    const url = receiver.url(`/ok/${key}`);
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: url }) });
    await t.mock.admin.advance(1_000, key);
    expect(receivedAt(`/ok/${key}`)).toHaveLength(0); // still processing: nothing sent
    await t.mock.admin.advance(1_000, key);
    const got = receivedAt(`/ok/${key}`);
    expect(got).toHaveLength(1);
    const [request] = got;
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(verify(String(request!.headers["sync-signature"]), request!.body)).toBe(true);
    const payload = JSON.parse(request!.body) as Sync.GenerationNotification;
    expect(JSON.stringify(payload)).toBe(request!.body); // compact: re-serialising gives the same bytes
    expect(GenerationSchema.safeParse(payload).success).toBe(true);
    expect(payload).toMatchObject({ id: created.id, status: "COMPLETED", webhookUrl: url, model: "lipsync-2" });
    expect(payload.outputUrl).toMatch(/\/result\?token=/);
    const [delivery] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(delivery).toMatchObject({ outcome: "delivered", attempt: 1, event: "COMPLETED", response: { status: 200 }, error: null, nextRetryAt: null });
    expect(delivery!.request.body).toBe(request!.body);
  });

  it("signs with a wall-clock timestamp a receiver can check for replays", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/ts-${key}`) }) });
    await t.mock.admin.advance(86_400_000, key);
    const [request] = receivedAt(`/ok/ts-${key}`);
    const timestamp = Number(/t=(\d+)/.exec(String(request!.headers["sync-signature"]))![1]);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
  });

  it.each([
    ["FAILED", "https://cdn.test/unreachable.mp4", "generation_input_video_inaccessible"],
    ["REJECTED", "https://cdn.test/v-16s.mp4", "generation_model_duration_exceeded"],
  ])("notifies %s generations with the error", async (status, videoUrl, code) => {
    const key = t.mock.apiKey();
    const path = `/ok/${status}-${key}`;
    const json = generationBody({ model: "react-1", webhookUrl: receiver.url(path), input: [{ type: "video", url: videoUrl }, { type: "audio", url: "https://cdn.test/a.wav" }] });
    await t.api.post("/v2/generate", { key, json });
    await t.mock.admin.advance(10_000, key);
    const [request] = receivedAt(path);
    expect(JSON.parse(request!.body)).toMatchObject({ status, error_code: code, errorCode: code, error: expect.any(String) });
  });

  it("records a receiver that is down, and keeps serving", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: await deadUrl() }) });
    await t.mock.admin.advance(5_000, key);
    const [delivery] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(delivery).toMatchObject({ outcome: "failed", response: null, error: "ECONNREFUSED", attempt: 1, nextRetryAt: null });
    expect((await t.api.get("/health", { unchecked: true })).status).toBe(200);
  });

  it.each([
    ["/status/500", { outcome: "failed", response: { status: 500, body: "nope" }, error: null }],
    ["/status/404", { outcome: "failed", response: { status: 404 } }],
    ["/reset", { outcome: "failed", response: null, error: expect.stringMatching(/ECONNRESET|socket|closed|terminated/i) }],
  ])("records a receiver answering %s", async (path, expected) => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`${path}/${key}`) }) });
    await t.mock.admin.advance(5_000, key);
    expect((await t.mock.admin.webhooks({ jobId: created.id }, key))[0]).toMatchObject(expected);
  });

  it("keeps each key's delivery log to itself", async () => {
    const [a, b] = [t.mock.apiKey(), t.mock.apiKey()];
    await t.api.post("/v2/generate", { key: a, json: generationBody({ webhookUrl: receiver.url(`/ok/iso-${a}`) }) });
    await t.mock.admin.advance(5_000, a);
    expect(await t.mock.admin.webhooks({}, a)).toHaveLength(1);
    expect(await t.mock.admin.webhooks({}, b)).toHaveLength(0);
    expect((await t.mock.admin.webhooks()).some((d) => d.tenant === a)).toBe(true);
  });

  it("waits for a delivery with GET /__mock/webhooks/wait", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/wait-${key}`) }) });
    const waiting = t.mock.admin.waitForWebhook({ jobId: created.id }, { apiKey: key, timeoutSeconds: 30 });
    await t.mock.admin.advance(5_000, key);
    expect(await waiting).toMatchObject({ jobId: created.id, outcome: "delivered" });
  });

  it("answers 408 when nothing arrives before the wait's timeout", async () => {
    const answer = await t.api.get("/__mock/webhooks/wait?jobId=nothing&timeout=0", { key: t.mock.apiKey() });
    expect(answer.status).toBe(408);
  });

  it("redelivers a recorded attempt, freshly signed", async () => {
    const key = t.mock.apiKey();
    const path = `/ok/redeliver-${key}`;
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(path) }) });
    await t.mock.admin.advance(5_000, key);
    const [first] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    const again = await t.mock.admin.redeliver(first!.id, key);
    expect(again).toMatchObject({ redeliveryOf: first!.id, outcome: "delivered", jobId: created.id });
    const requests = receivedAt(path);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    expect(verify(String(requests[1]!.headers["sync-signature"]), requests[1]!.body)).toBe(true);
    expect((await t.api.post(`/__mock/webhooks/${first!.id}/redeliver`, { key: t.mock.apiKey() })).status).toBe(404);
  });

  it("forgets pending webhooks of a reset tenant", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/reset-${key}`) }) });
    await t.mock.admin.reset(key);
    await t.mock.admin.advance(5_000);
    expect(receivedAt(`/ok/reset-${key}`)).toHaveLength(0);
  });
});

describe("webhook policy from the scenario", () => {
  const t = withMock(`
keys:
  - { match: "own_*", webhookSecret: whsec_own }
media:
  rules:
    - { match: "*-16s.*", durationSeconds: 16 }
webhooks:
  sendRejected: false
  timeoutMs: 200
  attempts: 3
  backoffMs: 1000
  faults:
    - { fault: drop, url: "*drop*" }
    - { fault: delay, url: "*delay*", delayMs: 3000 }
    - { fault: duplicate, url: "*dup*" }
    - { fault: bad_signature, url: "*badsig*" }
    - { fault: reorder, url: "*reorder*" }
`);

  it("retries with backoff on the clock, and records when the next try is due", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/status/503/${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    let log = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(log.map((d) => d.attempt)).toEqual([1]);
    expect(Date.parse(log[0]!.nextRetryAt!) - Date.parse(log[0]!.sentAt)).toBe(1_000);
    await t.mock.admin.advance(1_000, key);
    await t.mock.admin.advance(2_000, key);
    log = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(log.map((d) => [d.attempt, d.outcome])).toEqual([[3, "failed"], [2, "failed"], [1, "failed"]]);
    expect(log[0]!.nextRetryAt).toBeNull();
    await t.mock.admin.advance(60_000, key);
    expect(await t.mock.admin.webhooks({ jobId: created.id }, key)).toHaveLength(3);
  });

  it("stops retrying once a retry is delivered", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/flaky/1/${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    await t.mock.admin.advance(10_000, key);
    const log = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(log.map((d) => [d.attempt, d.outcome])).toEqual([[2, "delivered"], [1, "failed"]]);
  });

  it("gives up on a receiver that hangs after the timeout, without blocking the advance for long", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/slow/${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    const [delivery] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(delivery).toMatchObject({ outcome: "failed", error: "timeout after 200 ms", response: null });
  });

  it("does not notify REJECTED generations when sendRejected is false", async () => {
    const key = t.mock.apiKey();
    const json = generationBody({ model: "react-1", webhookUrl: receiver.url(`/ok/rej-${key}`), input: [{ type: "video", url: "https://cdn.test/v-16s.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] });
    await t.api.post("/v2/generate", { key, json });
    await t.mock.admin.advance(10_000, key);
    expect(await t.mock.admin.webhooks({}, key)).toEqual([]);
  });

  it("drops: nothing is sent, the attempt is recorded as dropped and not retried", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/drop-${key}`) }) });
    await t.mock.admin.advance(60_000, key);
    expect(receivedAt(`/ok/drop-${key}`)).toHaveLength(0);
    expect((await t.mock.admin.webhooks({}, key)).map((d) => [d.outcome, d.faults])).toEqual([["dropped", ["drop"]]]);
  });

  it("delays: sent delayMs after the generation finished", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/delay-${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    expect(receivedAt(`/ok/delay-${key}`)).toHaveLength(0);
    await t.mock.admin.advance(3_000, key);
    expect(receivedAt(`/ok/delay-${key}`)).toHaveLength(1);
  });

  it("duplicates: the same body arrives twice", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/dup-${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    const requests = receivedAt(`/ok/dup-${key}`);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body).toBe(requests[1]!.body);
  });

  it("signs badly on request, so a receiver's check fails", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/badsig-${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    const [request] = receivedAt(`/ok/badsig-${key}`);
    expect(verify(String(request!.headers["sync-signature"]), request!.body)).toBe(false);
  });

  it("reorders: generations finishing in one advance are notified newest first", async () => {
    const key = t.mock.apiKey();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/reorder-${key}`) }) })).body.id);
      await t.mock.admin.advance(100, key);
    }
    await t.mock.admin.advance(5_000, key);
    const order = receivedAt(`/ok/reorder-${key}`).map((r) => JSON.parse(r.body).id);
    expect(order).toEqual([...ids].reverse());
  });

  it("signs with the key's own secret when the scenario gives one", async () => {
    const key = `own_${Date.now()}`;
    await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/own-${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    const [request] = receivedAt(`/ok/own-${key}`);
    expect(verify(String(request!.headers["sync-signature"]), request!.body, "whsec_own")).toBe(true);
    expect(verify(String(request!.headers["sync-signature"]), request!.body)).toBe(false);
  });
});

describe("many webhooks at once", () => {
  const t = withMock("extends: default\nlimits:\n  concurrency: { scale: 1000 }\n");

  it("delivers 200 webhooks in one clock advance, which returns only once all are recorded", async () => {
    const key = t.mock.apiKey();
    const path = `/ok/bulk-${key}`;
    for (let i = 0; i < 4; i++) {
      await Promise.all(Array.from({ length: 50 }, () => t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(path) }) })));
    }
    expect(receivedAt(path)).toHaveLength(0);
    await t.mock.admin.advance(5_000, key);
    expect(receivedAt(path)).toHaveLength(200);
    expect(await t.mock.admin.webhooks({ outcome: "delivered" }, key)).toHaveLength(200);
  });
});

describe("the server's webhook secret", () => {
  let mock: SyncMock;
  beforeAll(async () => {
    mock = await startSyncMock({ clock: "manual", webhookSecret: "whsec_from_the_flag" });
  });
  afterAll(() => mock.close());

  it("signs every key's webhooks when the scenario gives no secret of its own", async () => {
    const key = mock.apiKey();
    await client(mock.baseUrl).post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/flag-${key}`) }) });
    await mock.admin.advance(5_000, key);
    const [request] = receivedAt(`/ok/flag-${key}`);
    expect(verify(String(request!.headers["sync-signature"]), request!.body, "whsec_from_the_flag")).toBe(true);
  });
});

describe("webhooks on the real clock", () => {
  let mock: SyncMock;
  beforeAll(async () => {
    mock = await startSyncMock({ clock: "real", scenario: "timing:\n  pendingMs: 0\n  processingMs: 50\n" });
  });
  afterAll(() => mock.close());

  it("are delivered when the generation finishes, though nobody polls", async () => {
    const key = mock.apiKey();
    const before = receiver.received.length;
    await client(mock.baseUrl).post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/real-${key}`) }) });
    const all = await receiver.waitFor(before + 1);
    expect(all.some((r) => r.path === `/ok/real-${key}`)).toBe(true);
  });
});

import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchNotificationSchema } from "../src/resources/batches/batches.schemas.js";
import { batchForm, batchLines, jsonl } from "./helpers/batch.js";
import { useSyncMock } from "./helpers/mock.js";
import { startReceiver, type Receiver } from "./helpers/receiver.js";

const t = useSyncMock({ clock: "manual" });
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

function verify(header: string, body: string, secret = "whsec_sync_mock_test_secret"): boolean {
  const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return !!ts && createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex") === v1;
}

describe("batch webhooks", () => {
  it("POSTs seed 001's payload, signed, once the batch is done, and not before", async () => {
    const key = t.mock.apiKey();
    const path = `/ok/batch-${key}`;
    const lines = batchLines(20, (i) => (i === 3 ? { input: [{ type: "video", url: "https://cdn.test/unreachable.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] } : {}));
    const { status, body: created } = await t.api.post("/v2/batch", { key, body: batchForm(jsonl(lines), { webhook_url: receiver.url(path) }) });
    expect(status).toBe(201);
    await t.mock.admin.advance(1_000, key);
    expect(receiver.received.filter((r) => r.path === path)).toHaveLength(0);
    await t.mock.admin.advance(60_000, key);
    const got = receiver.received.filter((r) => r.path === path);
    expect(got).toHaveLength(1);
    const request = got[0]!;
    expect(verify(String(request.headers["sync-signature"]), request.body)).toBe(true);
    const payload = JSON.parse(request.body);
    expect(BatchNotificationSchema.strict().safeParse(payload).success).toBe(true);
    expect(Object.keys(payload)).toEqual(["id", "createdAt", "status", "webhookUrl", "metrics", "options", "outputUrl"]);
    expect(payload).toMatchObject({
      id: created.id,
      status: "COMPLETED",
      webhookUrl: receiver.url(path),
      metrics: { totalGenerations: 20, successCount: 19, failedCount: 1, pendingCount: 0 },
      options: {},
    });
    const file = await fetch(payload.outputUrl);
    expect(file.status).toBe(200);
    expect((await file.text()).trim().split("\n")).toHaveLength(20);
    const [delivery] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(delivery).toMatchObject({ jobType: "batch", event: "COMPLETED", outcome: "delivered" });
  });

  it("sends nothing for a dry run", async () => {
    const key = t.mock.apiKey();
    await t.api.post("/v2/batch", { key, body: batchForm(jsonl(batchLines(20)), { webhook_url: receiver.url(`/ok/dry-${key}`), dry_run: "true" }) });
    await t.mock.admin.advance(60_000, key);
    expect(await t.mock.admin.webhooks({}, key)).toEqual([]);
  });

  it("notifies items that carry their own webhookUrl, besides the batch", async () => {
    const key = t.mock.apiKey();
    const lines = batchLines(20, () => ({ webhookUrl: receiver.url(`/ok/item-${key}`) }));
    await t.api.post("/v2/batch", { key, body: batchForm(jsonl(lines), { webhook_url: receiver.url(`/ok/whole-${key}`) }) });
    await t.mock.admin.advance(60_000, key);
    expect(receiver.received.filter((r) => r.path === `/ok/item-${key}`)).toHaveLength(20);
    expect(receiver.received.filter((r) => r.path === `/ok/whole-${key}`)).toHaveLength(1);
  });
});

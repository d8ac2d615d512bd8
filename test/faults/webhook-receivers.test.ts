/**
 * Faults of webhook receivers, beyond those in test/webhooks.test.ts (down, 5xx, reset, hanging past the
 * timeout, flaky 500-then-200): a receiver that flaps between down and up across retries, one that is slow but
 * in time, one that answers with bytes that are not HTTP, one that cuts its answer short, and many faulty
 * receivers at once. Every attempt must be in the delivery log with what happened, and nothing may hang.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationBody } from "../helpers/http.js";
import { useSyncMock } from "../helpers/mock.js";
import { deadUrl, startReceiver, type Receiver } from "../helpers/receiver.js";

/** A loopback port nobody listens on yet, for a receiver the test starts and stops at will. */
async function freePort(): Promise<number> {
  return Number(new URL(await deadUrl()).port);
}

/** An HTTP receiver on a fixed port that can be taken down and brought back; answers `status`. */
function flappingReceiver(port: number) {
  let server: HttpServer | undefined;
  const sockets = new Set<Socket>();
  return {
    async up(status: number) {
      server = createHttpServer((req, res) => req.resume().on("end", () => res.writeHead(status).end()));
      server.on("connection", (s) => sockets.add(s).size && s.on("close", () => sockets.delete(s)));
      await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
    },
    async down() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

/** A TCP server that answers every connection with `reply` once the request has arrived, then closes. */
async function rawReceiver(reply: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: TcpServer = createTcpServer((socket) => {
    socket.once("data", () => socket.end(reply));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("a receiver that flaps, with retries", () => {
  const t = useSyncMock({ clock: "manual", scenario: "webhooks:\n  attempts: 4\n  backoffMs: 1000\n  timeoutMs: 2000\n" });

  it("is retried through down, 500, down and up, and every attempt is recorded as it happened", async () => {
    const port = await freePort();
    const receiver = flappingReceiver(port);
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: `http://127.0.0.1:${port}/hook` }) });
    await t.mock.admin.advance(1_250, key); // done: attempt 1, receiver down
    await receiver.up(500);
    await t.mock.admin.advance(1_000, key); // attempt 2: 500
    await receiver.down();
    await t.mock.admin.advance(2_000, key); // attempt 3: down again
    await receiver.up(200);
    await t.mock.admin.advance(4_000, key); // attempt 4: delivered
    await receiver.down();
    const log = (await t.mock.admin.webhooks({ jobId: created.id }, key)).reverse();
    expect(log.map((d) => [d.attempt, d.outcome, d.response?.status ?? d.error])).toEqual([
      [1, "failed", "ECONNREFUSED"],
      [2, "failed", 500],
      [3, "failed", "ECONNREFUSED"],
      [4, "delivered", 200],
    ]);
    expect(log.map((d) => d.nextRetryAt === null)).toEqual([false, false, false, true]);
    expect(new Set(log.map((d) => d.request.body)).size).toBe(1);
  });
});

describe("receivers that misbehave in other ways", () => {
  const t = useSyncMock({ clock: "manual", scenario: "webhooks:\n  timeoutMs: 5000\nlimits:\n  concurrency: { scale: 1000 }\n" });
  let receiver: Receiver;
  let slow: HttpServer;
  beforeAll(async () => {
    receiver = await startReceiver();
    // Answers after 800 ms of real time: slow, but well inside the 5 s timeout.
    slow = createHttpServer((req, res) => req.resume().on("end", () => setTimeout(() => res.writeHead(204).end(), 800)));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await receiver.close();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it("delivers to a slow receiver in time, and the slow one holds up no other delivery", async () => {
    const key = t.mock.apiKey();
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
    const { body: toSlow } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: slowUrl }) });
    const { body: toFast } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: receiver.url(`/ok/${key}`) }) });
    await t.mock.admin.advance(1_250, key);
    const log = await t.mock.admin.webhooks({}, key); // newest first: the fast one was recorded before the slow one
    expect(log.map((d) => [d.jobId, d.outcome])).toEqual([
      [toSlow.id, "delivered"],
      [toFast.id, "delivered"],
    ]);
    expect(log[0]!.latencyMs).toBeGreaterThanOrEqual(700);
    expect(log[1]!.latencyMs).toBeLessThan(700);
  });

  it.each([
    ["bytes that are not HTTP", "this is not HTTP\r\n\r\n"],
    ["an answer cut short (Content-Length 100, 3 bytes sent)", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"],
    ["an empty answer (connection closed at once)", ""],
  ])("records a receiver that sends %s as failed, with the error", async (_name, reply) => {
    const raw = await rawReceiver(reply);
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: raw.url }) });
    await t.mock.admin.advance(1_250, key);
    await raw.close();
    const [delivery] = await t.mock.admin.webhooks({ jobId: created.id }, key);
    expect(delivery).toMatchObject({ outcome: "failed", response: null, error: expect.any(String), attempt: 1 });
    expect(delivery!.error).not.toBe("");
  });

  it("records every one of 200 deliveries to receivers that are down, resetting, failing or fine", async () => {
    const key = t.mock.apiKey();
    const dead = await deadUrl();
    const targets = [dead, receiver.url(`/reset/${key}`), receiver.url(`/status/500/${key}`), receiver.url(`/ok/many-${key}`)];
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const { body, status } = await t.api.post("/v2/generate", { key, json: generationBody({ webhookUrl: targets[i % 4] }) });
      expect(status).toBe(201);
      ids.push(body.id);
    }
    await t.mock.admin.advance(1_250, key); // all 200 finish, and are delivered, in this one advance
    const log = await t.mock.admin.webhooks({}, key);
    expect(log).toHaveLength(200);
    expect(new Set(log.map((d) => d.jobId))).toEqual(new Set(ids));
    const outcomes = log.reduce<Record<string, number>>((n, d) => ({ ...n, [d.outcome]: (n[d.outcome] ?? 0) + 1 }), {});
    expect(outcomes).toEqual({ delivered: 50, failed: 150 });
    expect(log.filter((d) => d.error === "ECONNREFUSED")).toHaveLength(50);
    expect(log.filter((d) => d.response?.status === 500)).toHaveLength(50);
    expect((await t.api.get("/health", { unchecked: true })).status).toBe(200);
  });
});

/**
 * SIGTERM to the real process (`node dist/cli.js`) while work is in flight: webhook deliveries of a batch and
 * of generations held open by their receiver, a receiver that never answers, a long poll. The process must
 * exit 0 without hanging, and every webhook attempt in flight must be recorded (its log line printed) first.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchLines, jsonl } from "../helpers/batch.js";
import { startChildMock, type ChildMock } from "../helpers/child-mock.js";
import { generationBody } from "../helpers/http.js";

/** A webhook receiver that holds every request open until told to answer. */
interface HoldingReceiver {
  readonly url: string;
  readonly held: Array<{ req: IncomingMessage; res: ServerResponse; body: string }>;
  release(status: number): void;
  close(): Promise<void>;
}

async function holdingReceiver(): Promise<HoldingReceiver> {
  const held: HoldingReceiver["held"] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => held.push({ req, res, body }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    held,
    release(status) {
      for (const { res } of held) if (!res.writableEnded) res.writeHead(status).end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The log lines of webhook attempts the process printed (JSON logs at info level). */
function webhookLines(mock: ChildMock): Array<{ jobId: string; status?: number; error?: string }> {
  return mock.output.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line)).filter((entry) => entry.msg === "webhook");
}

const key = "scale_sigterm";
let mock: ChildMock | undefined;
let receiver: HoldingReceiver;
beforeEach(async () => {
  receiver = await holdingReceiver();
});
afterEach(async () => {
  await mock?.stop("SIGKILL");
  await receiver.close();
});

async function post(path: string, body: FormData | string, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(`${mock!.url}${path}`, { method: "POST", headers: { "x-api-key": key, ...headers }, body });
  return response.json();
}

describe("SIGTERM", () => {
  it("during a batch: deliveries in flight finish and are recorded, then the process exits 0", async () => {
    mock = await startChildMock(["--clock", "manual", "--log-level", "info"]);
    const form = new FormData();
    form.append("webhook_url", receiver.url);
    form.append("input", new Blob([jsonl(batchLines(20))]), "batch.jsonl");
    const batch = await post("/v2/batch", form);
    const generations = await Promise.all(
      [1, 2, 3].map(() => post("/v2/generate", JSON.stringify(generationBody({ webhookUrl: receiver.url })), { "content-type": "application/json" })),
    );
    // The advance delivers every webhook and answers only once they are recorded: it stays in flight.
    const advance = fetch(`${mock.url}/__mock/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"ms":5000}' });
    await expect.poll(() => receiver.held.length, { timeout: 10_000 }).toBe(4);

    const exit = mock.stop("SIGTERM");
    await expect.poll(() => mock!.output.some((line) => line.includes('"msg":"shutting down"')), { timeout: 10_000 }).toBe(true);
    expect(webhookLines(mock)).toEqual([]); // nothing recorded yet: all four are still waiting for an answer
    receiver.release(200);

    expect(await exit).toEqual({ code: 0, signal: null });
    expect((await advance).status).toBe(200);
    const recorded = webhookLines(mock);
    expect(new Set(recorded.map((entry) => entry.jobId))).toEqual(new Set([batch.id, ...generations.map((g) => g.id)]));
    expect(recorded.every((entry) => entry.status === 200)).toBe(true);
  });

  it("with a receiver that never answers: the attempt times out, is recorded, and the process exits 0", async () => {
    mock = await startChildMock(["--clock", "manual", "--log-level", "info", "--scenario", new URL("./short-webhook-timeout.yaml", import.meta.url).pathname]);
    const created = await post("/v2/generate", JSON.stringify(generationBody({ webhookUrl: receiver.url })), { "content-type": "application/json" });
    void fetch(`${mock.url}/__mock/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"ms":5000}' }).catch(() => undefined);
    await expect.poll(() => receiver.held.length, { timeout: 10_000 }).toBe(1);

    const started = Date.now();
    expect(await mock.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(webhookLines(mock)).toEqual([expect.objectContaining({ jobId: created.id, error: "timeout after 1500 ms" })]);
  });

  it("with a long poll open: the poll is answered and the process exits 0 without waiting out its timeout", async () => {
    mock = await startChildMock(["--clock", "manual", "--log-level", "info"]);
    const created = await post("/v2/generate", JSON.stringify(generationBody()), { "content-type": "application/json" });
    const poll = fetch(`${mock.url}/v2/generate/${created.id}?wait=true&timeout=10`, { headers: { "x-api-key": key } });
    // Answered on another connection after the poll was sent, so the poll has arrived by then.
    expect((await fetch(`${mock.url}/health`)).status).toBe(200);

    const started = Date.now();
    const exit = mock.stop("SIGTERM");
    const answer = await poll;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toBe("PENDING");
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

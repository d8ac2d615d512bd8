/**
 * What the batch cases share: requests with a prepared body over a fresh connection, the batch key, and the
 * timed clock advance that finishes a 500-item batch with its 501 webhooks (`batch-advance` on one process,
 * `redis` across two replicas), with the untimed check that every webhook arrived exactly once.
 */
import { request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Receiver, Received } from "../../test/helpers/receiver.js";
import { batchJsonl, batchMultipart, BATCH_BOUNDARY } from "./batch-file.js";
import type { ServerProcess } from "./process.js";

/** Lines of every batch the cases send: the default maximum. */
export const BATCH_LINES = 500;
/** A `scale_` key: the Scale plan has the Batch API (20–500 lines, 5 MiB, 3 running batches). */
export const BATCH_KEY = "scale_bench";
/** Far past the end of every item under the default timing (batch PENDING 0.5 s, then 0.25 + 1 s). */
export const ADVANCE_MS = 60_000;

/** An answer: status and text. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One request with a prepared body over a fresh connection; status and text. */
export function send(url: string, method: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${url}: no answer within 60 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** `POST /v2/batch` with the batch key and a multipart body from {@link batchMultipart}. */
export function postBatch(server: ServerProcess, body: Buffer): Promise<Answer> {
  return send(`${server.base}/v2/batch`, "POST", { "x-api-key": BATCH_KEY, "content-type": `multipart/form-data; boundary=${BATCH_BOUNDARY}` }, body);
}

/** The answer's text, or an error naming what was asked if its status is not `status`. */
export async function expectStatus(what: string, answer: Promise<Answer>, status: number): Promise<string> {
  const { status: got, text } = await answer;
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got} ${text.slice(0, 300)}`);
  return text;
}

/** The batch of the advance cases: small lines, each with a webhook on `/generation`, the batch's own on `/batch`. */
export function webhookBatchBody(receiver: Receiver): Buffer {
  const file = batchJsonl(BATCH_LINES, { webhookUrl: receiver.url("/generation") });
  return batchMultipart(file, { webhook_url: receiver.url("/batch") });
}

/** Where one round of the advance runs: the batch is created on one process and the clock moved on another (or the same). */
export interface AdvanceRound {
  readonly createOn: ServerProcess;
  readonly advanceOn: ServerProcess;
  readonly receiver: Receiver;
  /** From {@link webhookBatchBody}. */
  readonly body: Buffer;
  /** Untimed wait after the advance before checking, so a late duplicate delivery would be seen. */
  readonly settleMs?: number;
}

/**
 * One round: resets the key (its batches and deliveries), empties the receiver, creates the batch, then times
 * `POST /__mock/clock/advance` alone. Checked afterwards, untimed ({@link checkDelivered}, asked of `advanceOn`).
 * Resolves to the advance's milliseconds.
 */
export async function timeBatchAdvance(round: AdvanceRound): Promise<number> {
  const { createOn, advanceOn, receiver } = round;
  await expectStatus("reset", send(`${createOn.base}/__mock/reset`, "POST", { "x-api-key": BATCH_KEY }), 200);
  receiver.received.length = 0;
  const batch = JSON.parse(await expectStatus("create batch", postBatch(createOn, round.body), 201)) as { id: string };
  const advance = JSON.stringify({ ms: ADVANCE_MS });
  const started = performance.now();
  await expectStatus("clock advance", send(`${advanceOn.base}/__mock/clock/advance`, "POST", { "x-api-key": BATCH_KEY, "content-type": "application/json" }, advance), 200);
  const ms = performance.now() - started;
  if (round.settleMs) await sleep(round.settleMs);
  await checkDelivered(advanceOn, batch.id, receiver.received);
  return ms;
}

/**
 * Throws unless the receiver got exactly {@link BATCH_LINES} generation webhooks and 1 batch webhook, no two alike
 * (a webhook delivered twice carries the same body), and the mock logged one delivered attempt for each job.
 */
export async function checkDelivered(server: ServerProcess, batchId: string, received: readonly Received[]): Promise<void> {
  const generations = received.filter((r) => r.path === "/generation").length;
  const batches = received.filter((r) => r.path === "/batch").length;
  if (generations !== BATCH_LINES || batches !== 1) throw new Error(`receiver got ${generations} generation and ${batches} batch webhooks, expected ${BATCH_LINES} and 1`);
  const distinct = new Set(received.map((r) => r.body)).size;
  if (distinct !== received.length) throw new Error(`receiver got ${received.length - distinct} duplicate webhook(s) among ${received.length}`);
  const list = await expectStatus("list generations", send(`${server.base}/v2/generations`, "GET", { "x-api-key": BATCH_KEY }), 200);
  const ids = [batchId, ...(JSON.parse(list) as Array<{ id: string }>).map((g) => g.id)];
  if (ids.length !== BATCH_LINES + 1) throw new Error(`the key has ${ids.length - 1} generations, expected ${BATCH_LINES}`);
  for (const id of ids) {
    const text = await expectStatus("webhook log", send(`${server.base}/__mock/webhooks?jobId=${id}`, "GET", { "x-api-key": BATCH_KEY }), 200);
    const { items } = JSON.parse(text) as { items: Array<{ outcome: string }> };
    if (items.length !== 1 || items[0]!.outcome !== "delivered") throw new Error(`webhook log of ${id}: ${text.slice(0, 300)}`);
  }
}

/**
 * Batch: how long the Batch API takes with a file at the default limits (500 lines, 5 MB), and how long one
 * manual clock advance takes to finish a 500-item batch, delivering its 500 generation webhooks and the
 * batch's own to a receiver on loopback (the advance answers only once every delivery is recorded).
 */
import { request } from "node:http";
import { performance } from "node:perf_hooks";
import { batchJsonl, batchMultipart, BATCH_BOUNDARY } from "../lib/batch-file.js";
import type { BenchCase, CaseResult } from "../lib/case.js";
import { cpuMicrosOf, type ServerProcess } from "../lib/process.js";
import { startReceiver, type Received } from "../../test/helpers/receiver.js";
import { startSyncMock, WITH_BENCH_SCENARIO } from "../lib/servers.js";
import { int, mb, median, num } from "../lib/stats.js";

const LINES = 500;
/** 500 × 10,400 B = 5,200,000 B, just under the default limit of 5 MiB (5,242,880 B). */
const LINE_BYTES = 10_400;
/** A `scale_` key: the Scale plan has the Batch API (20–500 lines, 5 MiB, 3 running batches). */
const KEY = "scale_bench";
/** Far past the end of every item under the default timing (batch PENDING 0.5 s, then 0.25 + 1 s). */
const ADVANCE_MS = 60_000;
const GOAL_ADVANCE_MS = 2_000;

/** One request with a prepared body over a fresh connection; status and text. */
function send(url: string, method: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; text: string }> {
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

function postBatch(server: ServerProcess, body: Buffer) {
  return send(`${server.base}/v2/batch`, "POST", { "x-api-key": KEY, "content-type": `multipart/form-data; boundary=${BATCH_BOUNDARY}` }, body);
}

async function expectStatus(what: string, answer: Promise<{ status: number; text: string }>, status: number): Promise<string> {
  const { status: got, text } = await answer;
  if (got !== status) throw new Error(`${what}: expected ${status}, got ${got} ${text.slice(0, 300)}`);
  return text;
}

/** Time to validate a 500-line, ~5 MB JSONL batch input. */
export const batchValidateCase: BenchCase = {
  id: "batch-validate",
  title: "Batch: validate a 500-line, ~5 MB JSONL",
  async run(settings, log): Promise<CaseResult> {
    const file = batchJsonl(LINES, { lineBytes: LINE_BYTES });
    const body = batchMultipart(file, { dry_run: "true" });
    const rounds = settings.quick ? 1 : 2 * settings.runs + 1;
    const server = await startSyncMock(WITH_BENCH_SCENARIO);
    try {
      // Warm-up: the first one also compiles the validator.
      await expectStatus("dry run (warm-up)", postBatch(server, body), 201);
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const cpuBefore = cpuMicrosOf(server.pid);
        const started = performance.now();
        const text = await expectStatus("dry run", postBatch(server, body), 201);
        wall.push(performance.now() - started);
        cpu.push((cpuMicrosOf(server.pid) - cpuBefore) / 1000);
        if (!text.includes('"VALIDATED"')) throw new Error(`dry run did not validate: ${text.slice(0, 300)}`);
      }
      log(`batch validate: ${wall.map((w) => num(w)).join(", ")} ms`);
      return {
        rows: [
          {
            measure: `Batch: validate a ${LINES}-line, ${mb(Buffer.byteLength(file))} JSONL (dry_run): ms, median of ${rounds}`,
            ours: num(median(wall)),
          },
          { measure: "Batch: validate: server CPU per request (ms, at the kernel's 10 ms tick)", ours: num(median(cpu)) },
        ],
        notes: [
          `\`POST /v2/batch\` with \`dry_run=true\` and key \`${KEY}\` (Scale plan; default batch limits of 20–500 lines and 5 MiB), the ${int(Buffer.byteLength(file))}-byte file in part \`input\`: ${LINES} lines of about ${int(LINE_BYTES)} bytes, each a lipsync-2 request whose text-to-speech script fills the line. Every line is parsed and checked as a create would be; the answer is \`{"status":"VALIDATED"}\`.`,
          `Time from sending the request (body prepared in advance, fresh connection) to the end of the answer, so the 5 MB upload over loopback is in it; median of ${rounds} after one warm-up. Server CPU: \`/proc/PID/stat\` over the same request.`,
        ],
      };
    } finally {
      await server.stop();
    }
  },
};

/** Time for one manual clock advance to finish a 500-item batch, with 500 webhook deliveries to a local receiver (goal < 2 s). */
export const batchAdvanceCase: BenchCase = {
  id: "batch-advance",
  title: "Batch: one clock advance finishes 500 items and delivers 500 webhooks (goal < 2 s)",
  async run(settings, log): Promise<CaseResult> {
    const receiver = await startReceiver();
    const server = await startSyncMock(WITH_BENCH_SCENARIO);
    try {
      const file = batchJsonl(LINES, { webhookUrl: receiver.url("/generation") });
      const body = batchMultipart(file, { webhook_url: receiver.url("/batch") });
      const rounds = settings.quick ? 1 : settings.runs;
      const wall: number[] = [];
      for (let i = 0; i < rounds; i++) {
        // A fresh tenant and receiver count per round (a reset forgets the key's batches and deliveries).
        await expectStatus("reset", send(`${server.base}/__mock/reset`, "POST", { "x-api-key": KEY }), 200);
        receiver.received.length = 0;
        const batch = JSON.parse(await expectStatus("create batch", postBatch(server, body), 201)) as { id: string };
        const advance = JSON.stringify({ ms: ADVANCE_MS });
        const started = performance.now();
        await expectStatus("clock advance", send(`${server.base}/__mock/clock/advance`, "POST", { "x-api-key": KEY, "content-type": "application/json" }, advance), 200);
        wall.push(performance.now() - started);
        await checkDelivered(server, batch.id, receiver.received);
        log(`batch advance ${i + 1}/${rounds}: ${num(wall[i]!)} ms, ${receiver.received.length} webhooks received and logged as delivered`);
      }
      const ms = median(wall);
      return {
        rows: [
          {
            measure: `Batch: one clock advance finishes ${LINES} items and delivers ${LINES} + 1 webhooks: ms, median of ${rounds}`,
            ours: num(ms),
            ratio: `${num((LINES + 1) / (ms / 1000))} webhooks/s`,
            goal: `< ${int(GOAL_ADVANCE_MS)} ms`,
            met: ms < GOAL_ADVANCE_MS,
          },
        ],
        notes: [
          `A batch of ${LINES} small lines (key \`${KEY}\`), each payload with a \`webhookUrl\` on a receiver the harness runs on 127.0.0.1 (it answers 200 at once), and the batch's own \`webhook_url\` on the same receiver. With the clock manual, nothing is due until \`POST /__mock/clock/advance {"ms":${ADVANCE_MS}}\` with the key; that request answers once every item is terminal and every delivery has been sent and recorded.`,
          `Timed: that one request. Then checked, untimed: the receiver got ${LINES} generation webhooks and 1 batch webhook, and \`GET /__mock/webhooks?jobId=…\` shows a delivered attempt for the batch and for each of its ${LINES} generations. Median of ${rounds}, the key reset before each.`,
        ],
      };
    } finally {
      await server.stop();
      await receiver.close();
    }
  },
};

/** Throws unless every webhook reached the receiver and the mock logged each as delivered. */
async function checkDelivered(server: ServerProcess, batchId: string, received: readonly Received[]): Promise<void> {
  const generations = received.filter((r) => r.path === "/generation").length;
  const batches = received.filter((r) => r.path === "/batch").length;
  if (generations !== LINES || batches !== 1) throw new Error(`receiver got ${generations} generation and ${batches} batch webhooks, expected ${LINES} and 1`);
  const list = await expectStatus("list generations", send(`${server.base}/v2/generations`, "GET", { "x-api-key": KEY }), 200);
  const ids = [batchId, ...(JSON.parse(list) as Array<{ id: string }>).map((g) => g.id)];
  if (ids.length !== LINES + 1) throw new Error(`the key has ${ids.length - 1} generations, expected ${LINES}`);
  for (const id of ids) {
    const text = await expectStatus("webhook log", send(`${server.base}/__mock/webhooks?jobId=${id}`, "GET", { "x-api-key": KEY }), 200);
    const { items } = JSON.parse(text) as { items: Array<{ outcome: string }> };
    if (items.length !== 1 || items[0]!.outcome !== "delivered") throw new Error(`webhook log of ${id}: ${text.slice(0, 300)}`);
  }
}

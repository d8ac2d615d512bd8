/**
 * Batch: how long the Batch API takes with a file at the default limits (500 lines, 5 MB), and how long one
 * manual clock advance takes to finish a 500-item batch, delivering its 500 generation webhooks and the
 * batch's own to a receiver on loopback (the advance answers only once every delivery is recorded).
 */
import { performance } from "node:perf_hooks";
import { ADVANCE_MS, BATCH_KEY as KEY, BATCH_LINES as LINES, expectStatus, postBatch, timeBatchAdvance, webhookBatchBody } from "../lib/batch-advance.js";
import { batchJsonl, batchMultipart } from "../lib/batch-file.js";
import type { BenchCase, CaseResult } from "../lib/case.js";
import { cpuMicrosOf } from "../lib/process.js";
import { startReceiver } from "../../test/helpers/receiver.js";
import { startSyncMock, WITH_BENCH_SCENARIO } from "../lib/servers.js";
import { int, mb, median, num } from "../lib/stats.js";

/** 500 × 10,400 B = 5,200,000 B, just under the default limit of 5 MiB (5,242,880 B). */
const LINE_BYTES = 10_400;
const GOAL_ADVANCE_MS = 2_000;

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
      const body = webhookBatchBody(receiver);
      const rounds = settings.quick ? 1 : settings.runs;
      const wall: number[] = [];
      for (let i = 0; i < rounds; i++) {
        // A fresh tenant and receiver count per round (a reset forgets the key's batches and deliveries).
        wall.push(await timeBatchAdvance({ createOn: server, advanceOn: server, receiver, body }));
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

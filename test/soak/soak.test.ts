/**
 * Soak: the built server as a child process, loaded by SOAK_CLIENTS concurrent clients (default 200) for two
 * phases of SOAK_SECONDS each (default 2 in `npm test`; `npm run soak` runs 30 s phases), with webhooks to a
 * local receiver. After each phase every created generation and batch must be readable and COMPLETED, every
 * webhook must have arrived once and be in the delivery log, and no request may have failed. Between phases
 * the mock is reset; the server's RSS once it settles after phase 2 must be about what it was after phase 1,
 * so serving requests leaks nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildMock, type ChildMock } from "../helpers/child-mock.js";
import { startReceiver, type Receiver } from "../helpers/receiver.js";
import { runLoad, type LoadResult, type TenantWork } from "../helpers/soak-load.js";

const PHASE_SECONDS = Number(process.env.SOAK_SECONDS ?? 2);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 200);
const SCENARIO = new URL("./soak.yaml", import.meta.url).pathname;
const GC_PROBE = new URL("./gc-probe.cjs", import.meta.url).pathname;
const MB = 1024 * 1024;

let mock: ChildMock;
let receiver: Receiver;
const rss: Record<string, number> = {};
const heap: Record<string, number> = {};
let peakRss = 0;
let sampler: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  receiver = await startReceiver();
  mock = await startChildMock(["--clock", "real", "--scenario", SCENARIO, "--log-level", "warn"], ["--expose-gc", "--require", GC_PROBE]);
  rss.start = mock.rssBytes();
  sampler = setInterval(() => (peakRss = Math.max(peakRss, mock.rssBytes())), 250);
});
afterAll(async () => {
  clearInterval(sampler);
  const exit = await mock?.stop();
  await receiver?.close();
  expect(exit?.code).toBe(0);
});

async function getJson(path: string, key?: string): Promise<any> {
  const response = await fetch(`${mock.url}${path}`, { headers: key ? { "x-api-key": key } : {} });
  expect(response.status, path).toBe(200);
  return response.json();
}

/** Whether every generation and batch a tenant created is listed and COMPLETED. */
async function allCompleted(work: TenantWork): Promise<boolean> {
  const generations = (await getJson("/v2/generations", work.key)) as Array<{ id: string; status: string }>;
  const batches = (await getJson("/v2/batch", work.key)) as Array<{ id: string; status: string; metrics: { success_count: number; total_generations: number } }>;
  const done = new Set(generations.filter((g) => g.status === "COMPLETED").map((g) => g.id));
  const batchesDone = new Set(batches.filter((b) => b.status === "COMPLETED" && b.metrics.success_count === b.metrics.total_generations).map((b) => b.id));
  return work.generations.every((id) => done.has(id)) && work.batches.every((id) => batchesDone.has(id));
}

/** The server's RSS once two samples a second apart agree within 2 %. */
async function settledRss(): Promise<number> {
  let previous = mock.rssBytes();
  let settled = 0;
  await expect
    .poll(
      () => {
        const now = mock.rssBytes();
        const steady = Math.abs(now - previous) <= previous * 0.02;
        previous = now;
        settled = now;
        return steady;
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(true);
  return settled;
}

/** The server's live heap after a full collection (test/soak/gc-probe.cjs answers SIGUSR2). */
async function heapAfterGc(): Promise<number> {
  const seen = mock.output.length;
  mock.process.kill("SIGUSR2");
  let line: string | undefined;
  await expect.poll(() => (line = mock.output.slice(seen).find((l) => l.startsWith("gc-probe "))), { timeout: 10_000, interval: 50 }).toBeDefined();
  return (JSON.parse(line!.slice("gc-probe ".length)) as { heapUsed: number }).heapUsed;
}

/** Runs one phase and checks everything it created; returns the load's figures. */
async function phase(name: string): Promise<LoadResult> {
  const received = receiver.received.length;
  const load = await runLoad({ baseUrl: mock.url, clients: CLIENTS, durationMs: PHASE_SECONDS * 1000, webhookUrl: receiver.url("/ok"), keyPrefix: name });
  expect(load.examples, `${load.unexpected} unexpected answers`).toEqual([]);
  expect(load.unexpected).toBe(0);

  // Every resource reaches its final state (the soak scenario's jobs take well under a second).
  for (const work of load.tenants) await expect.poll(() => allCompleted(work), { timeout: 30_000, interval: 250 }).toBe(true);

  // Every webhook arrives once, and the delivery log records it as delivered.
  const expected = load.tenants.flatMap((t) => t.withWebhook);
  await expect.poll(() => receiver.received.length - received, { timeout: 30_000, interval: 250 }).toBe(expected.length);
  const arrived = receiver.received.slice(received).map((r) => (JSON.parse(r.body) as { id: string }).id);
  expect(new Set(arrived).size).toBe(arrived.length);
  expect(new Set(arrived)).toEqual(new Set(expected));
  for (const work of load.tenants) {
    const log = (await getJson("/__mock/webhooks", work.key)).items as Array<{ jobId: string; outcome: string }>;
    expect(log.map((d) => d.jobId).sort(), work.key).toEqual([...work.withWebhook].sort());
    expect(log.every((d) => d.outcome === "delivered"), work.key).toBe(true);
  }
  return load;
}

describe(`soak: ${CLIENTS} clients, two phases of ${PHASE_SECONDS} s`, () => {
  it(
    "keeps every resource and webhook, fails no request, and its live heap does not grow from one phase to the next",
    async () => {
      heap.start = await heapAfterGc();
      const first = await phase("one");
      await fetch(`${mock.url}/__mock/reset`, { method: "POST" });
      heap.afterPhase1 = await heapAfterGc();
      rss.afterPhase1 = await settledRss();
      const second = await phase("two");
      await fetch(`${mock.url}/__mock/reset`, { method: "POST" });
      heap.afterPhase2 = await heapAfterGc();
      rss.afterPhase2 = await settledRss();

      const figures = {
        requests: first.requests + second.requests,
        unexpected: first.unexpected + second.unexpected,
        generations: [first, second].reduce((n, l) => n + l.tenants.reduce((m, t) => m + t.generations.length, 0), 0),
        batches: [first, second].reduce((n, l) => n + l.tenants.reduce((m, t) => m + t.batches.length, 0), 0),
        webhooks: receiver.received.length,
        maxLatencyMs: Math.max(first.maxLatencyMs, second.maxLatencyMs),
        rssMB: { start: rss.start! / MB, afterPhase1: rss.afterPhase1 / MB, afterPhase2: rss.afterPhase2 / MB, peak: Math.max(peakRss, rss.afterPhase2) / MB },
        heapAfterGcMB: { start: heap.start! / MB, afterPhase1: heap.afterPhase1 / MB, afterPhase2: heap.afterPhase2 / MB },
      };
      console.log(`soak: ${JSON.stringify(figures, (_k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v))}`);
      // Once reset, the live heap does not grow from one phase to the next: nothing of the requests is kept.
      // The first phase warms up once (about 10-20 MB, mostly optimized code, and the open keep-alive sockets).
      // RSS is reported, not asserted: V8 keeps the pages it grew into.
      expect(heap.afterPhase1).toBeLessThan(heap.start! + 40 * MB);
      expect(heap.afterPhase2).toBeLessThan(heap.afterPhase1 + 8 * MB);
      expect(mock.output.filter((line) => line.startsWith("{") && JSON.parse(line).level >= 50)).toEqual([]);
    },
    (PHASE_SECONDS * 2 + 240) * 1000,
  );
});

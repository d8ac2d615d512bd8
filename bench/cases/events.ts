/**
 * The inspector's costs: what 50 open `GET /__mock/events` streams (each one read, as a page would) cost the
 * `/v2` answers of the same process, measured in the same run with and without them, round-robin; and how fast
 * the journal's first and a later page come back when it holds 10,000 requests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import type { BenchCase, CaseResult, Row } from "../lib/case.js";
import { runLoad, type LoadResult } from "../lib/load.js";
import { cpuMicrosOf, type ServerProcess } from "../lib/process.js";
import { command } from "../lib/report.js";
import { benchRequest, createGeneration, resetBenchKey, ROOT, startSyncMock, SYNC_MOCK_ARGS, WITH_BENCH_SCENARIO } from "../lib/servers.js";
import { int, median, medianOf, num } from "../lib/stats.js";

const STREAMS = 50;
const GOAL_SLOWDOWN = 0.05;
const JOURNAL_KEYS = 10;
const JOURNAL_PER_KEY = 1_000;
const PAGE_CALLS = 30;

interface Streams {
  readonly child: ChildProcessWithoutNullStreams;
  /** Stops reading and says what the streams received. */
  close(): Promise<{ streams: number; events: number; bytes: number }>;
}

/** Opens the streams in a process of their own and resolves once every one is open. */
async function openStreams(server: ServerProcess): Promise<Streams> {
  const child = spawn(process.execPath, ["bench/servers/event-streams.mjs", server.base, String(STREAMS)], { cwd: ROOT });
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`event-streams exited (${code})`)));
  });
  if ((await next()) !== "open") throw new Error("event-streams did not open its streams");
  return {
    child,
    async close() {
      const summary = next();
      child.stdin.end();
      return JSON.parse(await summary) as { streams: number; events: number; bytes: number };
    },
  };
}

interface Measured extends LoadResult {
  readonly cpuPerRequest: number;
}

async function load(server: ServerProcess, method: "GET" | "POST", path: string, seconds: number, connections: number): Promise<Measured> {
  const before = cpuMicrosOf(server.pid);
  const result = await runLoad({ url: server.base + path, connections, durationSeconds: seconds, ...benchRequest(method) });
  return { ...result, cpuPerRequest: (cpuMicrosOf(server.pid) - before) / Math.max(1, result.total) };
}

/** Milliseconds of one admin call, median of {@link PAGE_CALLS}. */
async function timeCall(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PAGE_CALLS; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { items: unknown[] };
    if (response.status !== 200 || body.items.length !== 100) throw new Error(`${url}: ${response.status}, ${body.items.length} items`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export const eventsCase: BenchCase = {
  id: "events",
  title: "Inspector: 50 open event streams, and a journal of 10,000 requests",
  async run(settings, log): Promise<CaseResult> {
    const server = await startSyncMock(WITH_BENCH_SCENARIO);
    try {
      const rows: Row[] = [];
      const received = { events: 0, bytes: 0, streams: 0 };
      for (const method of ["GET", "POST"] as const) {
        const path = method === "GET" ? `/v2/generate/${await createGeneration(server)}` : "/v2/generate";
        const name = `${method} ${method === "GET" ? "/v2/generate/{id}" : "/v2/generate"}`;
        const results: Record<"none" | "streams", Measured[]> = { none: [], streams: [] };
        // Warm both ways up, so the first measured round of neither pays for the JIT or the first streams.
        await load(server, method, path, settings.warmupSeconds, settings.connections);
        const warming = await openStreams(server);
        await load(server, method, path, settings.warmupSeconds, settings.connections);
        await warming.close();
        for (let round = 1; round <= settings.runs; round++) {
          for (const label of ["none", "streams"] as const) {
            if (method === "POST") await resetBenchKey(server);
            const streams = label === "streams" ? await openStreams(server) : undefined;
            const result = await load(server, method, path, settings.durationSeconds, settings.connections);
            const got = await streams?.close();
            if (got) {
              if (got.streams !== STREAMS || got.events === 0) throw new Error(`the streams were not live: ${JSON.stringify(got)}`);
              received.events += got.events;
              received.bytes += got.bytes;
              received.streams = got.streams;
            }
            results[label].push(result);
            log(`${name} round ${round}/${settings.runs} ${label}: ${int(result.reqPerSec)} req/s, p99 ${result.p99Ms} ms, CPU ${num(result.cpuPerRequest)} µs/req${got ? `, ${int(got.events)} request events read by ${got.streams} streams` : ""}`);
          }
        }
        const rps = (l: "none" | "streams") => medianOf(results[l], (r) => r.reqPerSec);
        const slowdown = 1 - rps("streams") / rps("none");
        rows.push(
          { measure: `${name}: req/s, no event stream open (median of ${settings.runs})`, ours: int(rps("none")) },
          {
            measure: `${name}: req/s, ${STREAMS} event streams open and read (median of ${settings.runs})`,
            ours: int(rps("streams")),
            ratio: `${num(slowdown * 100)}% slower`,
            goal: `< ${GOAL_SLOWDOWN * 100}% slower`,
            met: slowdown < GOAL_SLOWDOWN,
          },
          {
            measure: `${name}: latency p99 (ms) / CPU per request (µs): no stream; ${STREAMS} streams`,
            ours: `${num(medianOf(results.none, (r) => r.p99Ms))} / ${num(medianOf(results.none, (r) => r.cpuPerRequest))}; ${num(medianOf(results.streams, (r) => r.p99Ms))} / ${num(medianOf(results.streams, (r) => r.cpuPerRequest))}`,
          },
        );
      }

      await resetBenchKey(server);
      for (let k = 0; k < JOURNAL_KEYS; k++) {
        await runLoad({ url: `${server.base}/v2/models`, connections: 10, durationSeconds: 60, amount: JOURNAL_PER_KEY, method: "GET", headers: { "x-api-key": `bench_journal_${k}` } });
      }
      const first = await timeCall(`${server.base}/__mock/requests?limit=100`);
      const newest = ((await (await fetch(`${server.base}/__mock/requests?limit=1`)).json()) as { items: Array<{ seq: number }> }).items[0]!.seq;
      const later = await timeCall(`${server.base}/__mock/requests?limit=100&before=${newest - 5_000}`);
      log(`journal of ${JOURNAL_KEYS * JOURNAL_PER_KEY}: first page ${num(first)} ms, a later page ${num(later)} ms`);
      rows.push({
        measure: `GET /__mock/requests?limit=100 with ${int(JOURNAL_KEYS * JOURNAL_PER_KEY)} requests in the journal (${JOURNAL_KEYS} keys): ms, newest page; a page 50 pages back (median of ${PAGE_CALLS})`,
        ours: `${num(first)}; ${num(later)}`,
      });

      return {
        rows,
        notes: [
          `One process, ${command([...SYNC_MOCK_ARGS, ...WITH_BENCH_SCENARIO])} (the throughput case's), measured without and with ${STREAMS} streams of \`GET /__mock/events\` open, round-robin (round 1 without, round 1 with, round 2 without…), ${settings.durationSeconds} s per run after ${settings.warmupSeconds} s of warm-up each way (without, then with streams), autocannon ${settings.connections} connections; median of ${settings.runs}. Before each POST run the key is reset.`,
          `The streams are opened and read by a process of their own (\`bench/servers/event-streams.mjs\`), so reading them costs neither the mock nor the load generator CPU; they watch every key, so each gets an event per request answered. Over all runs with streams they read ${int(received.events)} request events (${int(received.bytes / 1024)} KB): the streams were live, not idle.`,
          `The journal: ${JOURNAL_KEYS} keys × ${JOURNAL_PER_KEY} \`GET /v2/models\` (the per-key cap), then ${PAGE_CALLS} calls of each page timed from the harness (one at a time, JSON parsed).`,
        ],
      };
    } finally {
      await server.stop();
    }
  },
};

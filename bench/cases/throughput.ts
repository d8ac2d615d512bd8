/**
 * Throughput and latency under autocannon on `GET /v2/generate/{id}` and `POST /v2/generate`: sync-mock vs
 * Prism (same document) vs bare Hono (the framework's limit). All three run at once, idle but for the one
 * under load, and are measured round-robin: round 1 of each, then round 2 of each, and so on, so that a busy
 * moment of the machine (two cores, shared) lands on every server rather than on one.
 */
import type { BenchCase, BenchSettings, CaseResult, Row } from "../lib/case.js";
import { runLoad, type LoadResult } from "../lib/load.js";
import { cpuMicrosOf, type ServerProcess } from "../lib/process.js";
import { benchRequest, createGeneration, resetBenchKey, startBareHono, startPrism, startSyncMock, WITH_BENCH_SCENARIO } from "../lib/servers.js";
import { int, medianOf, num } from "../lib/stats.js";

const GOAL_VS_PRISM = 8;
const GOAL_VS_HONO = 0.75;
const GOAL_P99_MS = 10;

interface Target {
  /**
   * The extra lines of the report: `oursWarn`, sync-mock with `--log-level warn` (no line per request);
   * `prismInfo`, Prism at its default log level (a line per request), as both run when nobody quiets them.
   */
  readonly label: "ours" | "oursWarn" | "prism" | "prismInfo" | "bareHono";
  readonly server: ServerProcess;
  /** Path of the GET (sync-mock needs an id it has stored; the others answer any). */
  readonly getPath: string;
}

interface Endpoint {
  readonly name: string;
  readonly method: "GET" | "POST";
  path(target: Target): string;
}

const ENDPOINTS: readonly Endpoint[] = [
  { name: "GET /v2/generate/{id}", method: "GET", path: (t) => t.getPath },
  { name: "POST /v2/generate", method: "POST", path: () => "/v2/generate" },
];

/** One load run, with the server's CPU time per answer. */
interface Measured extends LoadResult {
  readonly cpuMicrosPerRequest: number;
}

async function load(settings: BenchSettings, target: Target, endpoint: Endpoint, seconds: number): Promise<Measured> {
  const cpuBefore = cpuMicrosOf(target.server.pid);
  const result = await runLoad({
    url: target.server.base + endpoint.path(target),
    connections: settings.connections,
    durationSeconds: seconds,
    ...benchRequest(endpoint.method),
  });
  return { ...result, cpuMicrosPerRequest: (cpuMicrosOf(target.server.pid) - cpuBefore) / Math.max(1, result.total) };
}

function rowsFor(endpoint: Endpoint, results: Record<Target["label"], Measured[]>, runs: number): Row[] {
  const rps = (l: Target["label"]) => medianOf(results[l], (r) => r.reqPerSec);
  const p50 = (l: Target["label"]) => medianOf(results[l], (r) => r.p50Ms);
  const p99 = (l: Target["label"]) => medianOf(results[l], (r) => r.p99Ms);
  const cpu = (l: Target["label"]) => medianOf(results[l], (r) => r.cpuMicrosPerRequest);
  const bad = (l: Target["label"]) => {
    const sum = (pick: (r: LoadResult) => number) => results[l].reduce((s, r) => s + pick(r), 0);
    return `${int(sum((r) => r.non2xx))} / ${int(sum((r) => r.total))}`;
  };
  const vsPrism = rps("ours") / rps("prism");
  const vsHono = rps("ours") / rps("bareHono");
  const isGet = endpoint.method === "GET";
  const latency = (l: Target["label"]) => `${num(p50(l))} / ${num(p99(l))}`;
  const vsPrismWarn = rps("oursWarn") / rps("prism");
  const vsPrismInfo = rps("ours") / rps("prismInfo");
  return [
    {
      measure: `${endpoint.name}: req/s (median of ${runs})`,
      ours: int(rps("ours")),
      prism: int(rps("prism")),
      bareHono: int(rps("bareHono")),
      ratio: `${num(vsPrism)}× Prism; ${Math.round(vsHono * 100)}% of bare Hono`,
      goal: isGet ? `≥ ${GOAL_VS_PRISM}× Prism; ≥ ${GOAL_VS_HONO * 100}% of bare Hono` : `≥ ${GOAL_VS_PRISM}× Prism`,
      met: vsPrism >= GOAL_VS_PRISM && (!isGet || vsHono >= GOAL_VS_HONO),
    },
    {
      measure: `${endpoint.name}: latency p50 / p99 (ms)`,
      ours: latency("ours"),
      prism: latency("prism"),
      bareHono: latency("bareHono"),
      goal: `p99 < ${GOAL_P99_MS} ms`,
      met: p99("ours") < GOAL_P99_MS,
    },
    {
      measure: `${endpoint.name}: server CPU per request (µs)`,
      ours: num(cpu("ours")),
      prism: num(cpu("prism")),
      bareHono: num(cpu("bareHono")),
      ratio: `${num(cpu("ours") / cpu("bareHono"))}× bare Hono's`,
    },
    {
      measure: `${endpoint.name}: non-2xx / all answers (all runs)`,
      ours: bad("ours"),
      prism: bad("prism"),
      bareHono: bad("bareHono"),
      goal: "0 non-2xx",
      met: results.ours.every((r) => r.non2xx === 0 && r.errors === 0),
    },
    {
      measure: `${endpoint.name}, sync-mock with \`--log-level warn\` (no line per request): req/s; CPU µs/req`,
      ours: `${int(rps("oursWarn"))}; ${num(cpu("oursWarn"))}`,
      ratio: `${num(vsPrismWarn)}× Prism; ${Math.round((rps("oursWarn") / rps("bareHono")) * 100)}% of bare Hono`,
    },
    {
      measure: `${endpoint.name}, both at their default log level (a line per request): req/s; CPU µs/req`,
      ours: `${int(rps("ours"))}; ${num(cpu("ours"))}`,
      prism: `${int(rps("prismInfo"))}; ${num(cpu("prismInfo"))}`,
      ratio: `sync-mock ${num(vsPrismInfo)}× Prism`,
    },
  ];
}

export const throughputCase: BenchCase = {
  id: "throughput",
  title: "Throughput and latency",
  async run(settings, log): Promise<CaseResult> {
    const servers: ServerProcess[] = [];
    try {
      const ours = await startSyncMock(WITH_BENCH_SCENARIO);
      servers.push(ours);
      const oursWarn = await startSyncMock([...WITH_BENCH_SCENARIO, "--log-level", "warn"]);
      servers.push(oursWarn);
      const prism = await startPrism();
      servers.push(prism);
      const prismInfo = await startPrism({ defaultLogLevel: true });
      servers.push(prismInfo);
      const hono = await startBareHono();
      servers.push(hono);
      const anyId = "/v2/generate/3fa85f64-5717-4562-b3fc-2c963f66afa6";
      const targets: Target[] = [
        { label: "ours", server: ours, getPath: `/v2/generate/${await createGeneration(ours)}` },
        { label: "oursWarn", server: oursWarn, getPath: `/v2/generate/${await createGeneration(oursWarn)}` },
        { label: "prism", server: prism, getPath: anyId },
        { label: "prismInfo", server: prismInfo, getPath: anyId },
        { label: "bareHono", server: hono, getPath: anyId },
      ];
      const rows: Row[] = [];
      for (const endpoint of ENDPOINTS) {
        const results: Record<Target["label"], Measured[]> = { ours: [], oursWarn: [], prism: [], prismInfo: [], bareHono: [] };
        for (const target of targets) await load(settings, target, endpoint, settings.warmupSeconds);
        for (let round = 1; round <= settings.runs; round++) {
          for (const target of targets) {
            if (endpoint.method === "POST" && target.server.name === "sync-mock") await resetBenchKey(target.server);
            const result = await load(settings, target, endpoint, settings.durationSeconds);
            results[target.label].push(result);
            log(`${endpoint.name} round ${round}/${settings.runs} ${target.label}: ${int(result.reqPerSec)} req/s, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}, errors ${result.errors}, CPU ${num(result.cpuMicrosPerRequest)} µs/req`);
          }
        }
        rows.push(...rowsFor(endpoint, results, settings.runs));
      }
      return {
        rows,
        notes: [
          `autocannon ${settings.connections} connections, ${settings.durationSeconds} s per run after ${settings.warmupSeconds} s of warm-up per server and route; median of ${settings.runs} runs taken round-robin. The load generator runs on the same two cores as the server.`,
          "POST: sync-mock runs the benchmark scenario (`bench/scenarios/bench.yaml`), whose only changes to the default are a Scale-plan concurrency limit of 1,000,000 (out of reach, so no 429s) and a 300 MB upload limit; the clock is manual, so every created generation stays in flight. The key's tenant is reset before each POST run, so each run starts from an empty store.",
          "sync-mock runs as shipped: request logging at the default level `info` (one JSON line per request from pino) and the request journal on (every `/v2` request recorded, up to 1,000 per key). Its stdout, where the log goes, is `/dev/null`: a user's log goes to a terminal or a file, and /dev/null is the cheapest place for it to go, so this measures producing the lines, not a terminal drawing them. The extra line runs a second sync-mock with `--log-level warn` (no line per request; the journal stays on), in the same rounds.",
          "Prism answers its generated example for the GET, and validates the POST body against the document before answering 201. The goals are judged against Prism with `-v warn` (no line per request, its fastest), while sync-mock logs at its default: the comparison least kind to sync-mock. The last line of each route compares the two as they run when nobody changes their log level: Prism at `info` (its stdout also `/dev/null`).",
          "Server CPU per request: the server process's user + system CPU time over a run (from `/proc/PID/stat`) divided by its answers. It moves far less than req/s when other work shares the machine, and tells where the ratio of req/s would settle on an idle one.",
        ],
      };
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  },
};

/**
 * Scale: GET and list latency with a small and a large store in one tenant, and the memory of the large one.
 * One sync-mock process is seeded over HTTP (POST /v2/generate, as a client would), measured, seeded further,
 * and measured again. A lookup must cost the same at both sizes, and a list with `limit` must not scan the
 * whole store.
 */
import type { BenchCase, CaseResult, Row } from "../lib/case.js";
import { runLoad, type LoadResult } from "../lib/load.js";
import { memoryOf, type ServerProcess } from "../lib/process.js";
import { BENCH_KEY, CREATE_BODY, startSyncMock, WITH_BENCH_SCENARIO } from "../lib/servers.js";
import { int, mb, medianOf, num } from "../lib/stats.js";

const GOAL_RSS_BYTES = 300 * 1024 * 1024;
/** Allowed slow-down of the large store against the small one before we call it "growing with the store". */
const GOAL_GROWTH = 1.5;
const KEY = `${BENCH_KEY}_scale`;
const LIST_PATH = "/v2/generations?limit=20";

/** Creates `count` generations through HTTP and returns their ids; the answer's first field is the id. */
async function seed(server: ServerProcess, count: number, ids: string[]): Promise<number> {
  const started = performance.now();
  const result = await runLoad({
    url: `${server.base}/v2/generate`,
    connections: 50,
    durationSeconds: 0,
    amount: count,
    method: "POST",
    headers: { "x-api-key": KEY, "content-type": "application/json" },
    body: CREATE_BODY,
    onResponse: (status, body) => {
      if (status === 201) ids.push(body.slice(7, 43)); // {"id":"<36 chars>"...
    },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`seeding failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return count / ((performance.now() - started) / 1000);
}

interface Measured {
  readonly get: LoadResult[];
  readonly list: LoadResult[];
}

export const scaleCase: BenchCase = {
  id: "scale",
  title: "Scale",
  async run(settings, log): Promise<CaseResult> {
    const [small, large] = settings.scaleSizes;
    const server = await startSyncMock(WITH_BENCH_SCENARIO);
    try {
      const ids: string[] = [];
      const measure = async (): Promise<Measured> => {
        const out: Measured = { get: [], list: [] };
        const common = { connections: settings.scaleConnections, durationSeconds: settings.scaleSeconds, headers: { "x-api-key": KEY } };
        for (let round = 0; round < settings.runs; round++) {
          out.get.push(await runLoad({ ...common, url: `${server.base}/v2/generate/${ids[0]}`, path: () => `/v2/generate/${ids[(Math.random() * ids.length) | 0]}` }));
          out.list.push(await runLoad({ ...common, url: server.base + LIST_PATH }));
        }
        log(`scale ${int(ids.length)}: GET p99 ${medianOf(out.get, (r) => r.p99Ms)} ms, list p99 ${medianOf(out.list, (r) => r.p99Ms)} ms`);
        return out;
      };

      const seedRateSmall = await seed(server, small, ids);
      // Warm up first: otherwise the small store is measured on code the JIT has not optimised yet, and the
      // large one looks faster than it is.
      const warm = { connections: settings.scaleConnections, durationSeconds: settings.warmupSeconds, headers: { "x-api-key": KEY } };
      await runLoad({ ...warm, url: `${server.base}/v2/generate/${ids[0]}`, path: () => `/v2/generate/${ids[(Math.random() * ids.length) | 0]}` });
      await runLoad({ ...warm, url: server.base + LIST_PATH });
      const atSmall = await measure();
      const seedRateLarge = await seed(server, large - small, ids);
      const rss = memoryOf(server.pid).rss;
      const atLarge = await measure();
      log(`scale: seeded at ${int(seedRateSmall)} then ${int(seedRateLarge)} creates/s; RSS at ${int(large)}: ${mb(rss)}`);

      const row = (what: string, pick: (m: Measured) => LoadResult[]): Row[] => {
        const p50 = (m: Measured) => medianOf(pick(m), (r) => r.p50Ms);
        const p99 = (m: Measured) => medianOf(pick(m), (r) => r.p99Ms);
        const rps = (m: Measured) => medianOf(pick(m), (r) => r.reqPerSec);
        const slowdown = rps(atSmall) / rps(atLarge);
        return [
          {
            measure: `${what} at ${int(small)} → ${int(large)} stored: req/s; p50 / p99 ms`,
            ours: `${int(rps(atSmall))} → ${int(rps(atLarge))}; ${num(p50(atSmall))} / ${num(p99(atSmall))} → ${num(p50(atLarge))} / ${num(p99(atLarge))}`,
            ratio: `slow-down ${num(slowdown)}× (req/s at ${int(small)} ÷ at ${int(large)})`,
            goal: `does not grow with the store (< ${GOAL_GROWTH}× slower)`,
            met: slowdown < GOAL_GROWTH,
          },
        ];
      };
      return {
        rows: [
          ...row("GET /v2/generate/{id}", (m) => m.get),
          ...row(`GET ${LIST_PATH}`, (m) => m.list),
          {
            measure: `RSS with ${int(large)} generations in one tenant`,
            ours: mb(rss),
            goal: `< ${mb(GOAL_RSS_BYTES)}`,
            met: rss < GOAL_RSS_BYTES,
          },
          {
            measure: "Seeding over HTTP: creates/s (first / second batch)",
            ours: `${int(seedRateSmall)} / ${int(seedRateLarge)}`,
          },
        ],
        notes: [
          `One sync-mock process, one key; seeded over HTTP with \`POST /v2/generate\` (autocannon, 50 connections), ${int(small)} generations, measured, then seeded to ${int(large)} and measured again. The manual clock keeps every generation PENDING, so all ${int(large)} count as in flight.`,
          `Each measurement: autocannon ${settings.scaleConnections} connections, ${settings.scaleSeconds} s, median of ${settings.runs}, after ${settings.warmupSeconds} s of warm-up at the small size; the GET asks for a random stored id each time. RSS is \`VmRSS\` of the server process right after seeding.`,
        ],
      };
    } finally {
      await server.stop();
    }
  },
};

/**
 * The three servers the benchmarks compare, each started as a user would start it:
 * - sync-mock: the built `dist/cli.js` with the manual clock, log level left at its default (`info`); the
 *   start-up case runs the default scenario, every other case the benchmark scenario ({@link WITH_BENCH_SCENARIO});
 * - Prism: `prism mock` of our own `openapi/openapi.json`, with `-v warn` (at the default `info` level Prism
 *   logs every request and serves about half as many; a user benchmarking it would turn that off);
 * - bare Hono: `bench/servers/bare-hono.mjs`, the framework with nothing on top.
 */
import { fileURLToPath } from "node:url";
import { startServerProcess, type ServerProcess } from "./process.js";

/** The repository root (every path below is relative to it). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The scenario sync-mock runs in every case. */
export const BENCH_SCENARIO = "bench/scenarios/bench.yaml";
/** The key every request uses; the benchmark scenario puts it on the Scale plan with a very high concurrency limit. */
export const BENCH_KEY = "bench_key";

const PRISM_BIN = "node_modules/@stoplight/prism-cli/dist/index.js";

/** The command line of sync-mock in the benchmarks (shown in the report). */
export const SYNC_MOCK_ARGS = ["dist/cli.js", "--port", "{port}", "--host", "127.0.0.1", "--clock", "manual"];
/** Extra arguments of every case but start-up (which runs the default scenario, as a user starts it first). */
export const WITH_BENCH_SCENARIO = ["--scenario", BENCH_SCENARIO];
/** The command line of Prism in the benchmarks (shown in the report). */
export const PRISM_ARGS = [PRISM_BIN, "mock", "-h", "127.0.0.1", "-p", "{port}", "-v", "warn", "openapi/openapi.json"];
/** Prism's command line at its default log level (`info`: a line per request), as a user runs it. */
export const PRISM_DEFAULT_LOG_ARGS = PRISM_ARGS.filter((arg, i) => arg !== "-v" && PRISM_ARGS[i - 1] !== "-v");
/** The command line of the bare Hono app (shown in the report). */
export const BARE_HONO_ARGS = ["bench/servers/bare-hono.mjs", "{port}"];

/** Starts `node dist/cli.js`; ready at the first 200 from `/health`. `extraArgs` are appended (e.g. another scenario). */
export function startSyncMock(extraArgs: readonly string[] = []): Promise<ServerProcess> {
  return startServerProcess({ name: "sync-mock", command: process.execPath, args: [...SYNC_MOCK_ARGS, ...extraArgs], readyPath: "/health", cwd: ROOT });
}

/**
 * Starts Prism on our document. `/health` is not in the Sync API document (Prism answers it 404), so Prism is
 * ready at its first 200 from `GET /v2/models`, the cheapest documented operation. `defaultLogLevel`: without
 * `-v warn`, as `prism mock` runs when nobody quiets it (the throughput case's extra line).
 */
export function startPrism(options: { defaultLogLevel?: boolean } = {}): Promise<ServerProcess> {
  return startServerProcess({
    name: "Prism",
    command: process.execPath,
    args: options.defaultLogLevel ? PRISM_DEFAULT_LOG_ARGS : PRISM_ARGS,
    readyPath: "/v2/models",
    readyHeaders: { "x-api-key": BENCH_KEY },
    cwd: ROOT,
    timeoutMs: 60_000,
  });
}

/** Starts the bare Hono app; ready at the first 200 from `/health`. */
export function startBareHono(): Promise<ServerProcess> {
  return startServerProcess({ name: "bare Hono", command: process.execPath, args: BARE_HONO_ARGS, readyPath: "/health", cwd: ROOT });
}

/** A valid `POST /v2/generate` body (both Prism and sync-mock accept it). */
export const CREATE_BODY = JSON.stringify({
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://cdn.test/bench/video.mp4" },
    { type: "audio", url: "https://cdn.test/bench/audio.wav" },
  ],
});

/** Creates one generation with the benchmark key (the id a GET then polls); throws unless it is created. */
export async function createGeneration(server: ServerProcess): Promise<string> {
  const response = await fetch(`${server.base}/v2/generate`, {
    method: "POST",
    headers: { "x-api-key": BENCH_KEY, "content-type": "application/json" },
    body: CREATE_BODY,
  });
  if (response.status !== 201) throw new Error(`${server.name} refused the create: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Forgets the benchmark key's tenant (`POST /__mock/reset`), so a POST run starts from an empty store. */
export async function resetBenchKey(server: ServerProcess): Promise<void> {
  const response = await fetch(`${server.base}/__mock/reset`, { method: "POST", headers: { "x-api-key": BENCH_KEY } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${server.name} refused the reset: ${response.status}`);
}

/** The request part of a load run with the benchmark key: a GET, or a POST of {@link CREATE_BODY}. */
export function benchRequest(method: "GET" | "POST"): { method: "GET" | "POST"; headers: Record<string, string>; body?: string } {
  return method === "POST"
    ? { method, headers: { "x-api-key": BENCH_KEY, "content-type": "application/json" }, body: CREATE_BODY }
    : { method, headers: { "x-api-key": BENCH_KEY } };
}

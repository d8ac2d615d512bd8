/**
 * The redis-server of the Redis case: the tests' own (`test/helpers/redis.ts`: Debian's binary, a free loopback
 * port, no persistence), plus what the harness reads of it: its pid (for its CPU time) and its version.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { redisServerBinary, startRedis, type RedisServer } from "../../test/helpers/redis.js";

/** A running redis-server the harness can measure. */
export interface BenchRedis {
  /** `redis://127.0.0.1:<port>/0`. */
  readonly url: string;
  readonly port: number;
  /** Its process id, for `cpuMicrosOf`. */
  readonly pid: number;
  /** `7.0.15`, as `redis-server --version` says. */
  readonly version: string;
  close(): Promise<void>;
}

/**
 * redis-server renames its process `<binary> 127.0.0.1:<port>`; the helper does not expose the child, so the
 * pid is found in /proc by that name.
 */
function pidListeningOn(port: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (/(^|\/)redis-server$/.test(cmdline.split(" ")[0]!) && cmdline.endsWith(` 127.0.0.1:${port}`)) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  throw new Error(`no redis-server process for 127.0.0.1:${port} in /proc`);
}

/** Starts a redis-server and finds its pid and version. */
export async function startBenchRedis(): Promise<BenchRedis> {
  const version = /v=(\S+)/.exec(spawnSync(redisServerBinary(), ["--version"], { encoding: "utf8" }).stdout)?.[1] ?? "?";
  const redis: RedisServer = await startRedis();
  try {
    return { url: redis.url, port: redis.port, pid: pidListeningOn(redis.port), version, close: () => redis.close() };
  } catch (error) {
    await redis.close();
    throw error;
  }
}

/**
 * A real `redis-server` (Debian's package) for the tests, on a free loopback port, with its data in a temporary
 * directory. `.ci/run` installs the package when it is missing; without it, tests say so instead of passing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running Redis server. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0`. */
  readonly url: string;
  /** Stops it (SIGTERM: with append-only persistence on, what it has is kept for `start`). */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

/** The redis-server binary, or an error that says how to get it. */
export function redisServerBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error("redis-server is not installed: `apt-get install -y redis-server` (bash .ci/run installs it)");
  return found;
}

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** Whether a Redis answers PING on `port`. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** Starts a Redis server; `appendOnly` keeps its data across `stop`/`start` (as a production Redis would). */
export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "sync-mock-redis-"));
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", options.appendOnly ? "yes" : "no", "--dir", dir];
    child = spawn(binary, args, { stdio: "ignore" });
    const exited = once(child, "exit");
    for (let i = 0; i < 200; i++) {
      if (await pings(port)) return;
      const early = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 25))]);
      if (early) throw new Error(`redis-server exited before answering on port ${port}`);
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


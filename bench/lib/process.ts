/**
 * The servers under test run as child processes, started the way a user starts them. This module starts them,
 * times how long they take to answer, reads their memory, and makes sure none outlives the benchmark run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** A server process that answered its readiness probe. */
export interface ServerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`: all load stays on loopback. */
  readonly base: string;
  /** Milliseconds from just before `spawn` to the first 200 of the readiness probe. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

/** How to start and probe one server. */
export interface StartOptions {
  readonly name: string;
  readonly command: string;
  /** Arguments; `{port}` is replaced by the port chosen for it. */
  readonly args: readonly string[];
  /** Path polled until it answers 200. */
  readonly readyPath: string;
  readonly readyHeaders?: Record<string, string>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (on exit, on Ctrl-C, on a crash of the harness). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
process.once("exit", killAll);

/** A port that was free a moment ago (Prism needs one given; the others get the same treatment). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One GET on a fresh connection; the status code, or 0 if nothing answered. */
export function probe(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { headers, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** Starts a server and resolves once its readiness path answers 200 (polled every 2 ms). */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const args = options.args.map((a) => a.replaceAll("{port}", String(port)));
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const started = performance.now();
  // stdout goes to /dev/null ("ignore"): sync-mock writes one log line per request there (pino, JSON, as
  // to any file), and reading it here would cost the harness, which shares the cores, a string per request;
  // nor can a pipe nobody reads fill up and block the server. stderr (start-up errors) is drained and its
  // tail kept for error messages.
  const child = spawn(options.command, args, { cwd: options.cwd, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  child.stderr!.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  let exited = false;
  child.once("exit", () => {
    exited = true;
    running.delete(child);
  });

  const deadline = started + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready:\n${output}`);
    if ((await probe(base + options.readyPath, options.readyHeaders)) === 200) break;
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
    }
    await sleep(2);
  }
  const readyMs = performance.now() - started;
  return {
    name: options.name,
    child,
    pid: child.pid!,
    port,
    base,
    readyMs,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Current (`VmRSS`) and peak (`VmHWM`) resident memory of a process, in bytes (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/**
 * CPU time (user + system) a process has used so far, in microseconds, at the kernel's tick (10 ms).
 * Per request, it is the steadiest figure on a shared machine: req/s moves with whatever else runs, the CPU a
 * request costs much less.
 */
export function cpuMicrosOf(pid: number): number {
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

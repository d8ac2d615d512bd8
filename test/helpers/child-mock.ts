/**
 * The built command (`node dist/cli.js`) as a child process, for tests that need a real process: its memory
 * (RSS from /proc), its signals, its exit. `npm test` builds first (pretest).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** A running `sync-mock` process. */
export interface ChildMock {
  readonly url: string;
  readonly pid: number;
  readonly process: ChildProcessWithoutNullStreams;
  /** Every line it printed (stdout and stderr). */
  readonly output: string[];
  /** Its resident set size now, in bytes. */
  rssBytes(): number;
  /** Sends `signal` and resolves with how it exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The child's environment: the test's, and under the "redis" test project (SYNC_MOCK_STORE set) keys of its own
 * under a random prefix. A state log (--data-dir) is the memory store's alone, so such a child keeps memory.
 */
function childEnv(args: readonly string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (args.some((arg) => arg.startsWith("--data-dir") || arg.startsWith("--store"))) delete env["SYNC_MOCK_STORE"];
  else if (env["SYNC_MOCK_STORE"] && !env["SYNC_MOCK_STORE_PREFIX"]) env["SYNC_MOCK_STORE_PREFIX"] = `sync-mock-test:${randomUUID()}:`;
  return env;
}

/** Starts the command on a free loopback port with `args` (and Node flags `nodeArgs`) and resolves once it listens. */
export async function startChildMock(args: string[] = [], nodeArgs: string[] = []): Promise<ChildMock> {
  const child = spawn(process.execPath, [...nodeArgs, CLI, "--port", "0", "--host", "127.0.0.1", ...args], { stdio: ["pipe", "pipe", "pipe"], env: childEnv(args) });
  const output: string[] = [];
  let pending = "";
  const onData = (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    output.push(...lines);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const port = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = output.map((line) => /listening on 127\.0\.0\.1:(\d+)/.exec(line)).find(Boolean);
      if (match) resolve(match[1]!);
    };
    child.stdout.on("data", check);
    void exited.then(([code]) => reject(new Error(`sync-mock exited (${code}) before listening: ${output.join("\n")}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    process: child,
    output,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const [code, exitSignal] = await exited;
      return { code, signal: exitSignal };
    },
  };
}

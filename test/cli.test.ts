/**
 * The built command (`node dist/cli.js`), run as a user runs it. `npm test` builds first (pretest).
 */
import { spawn, spawnSync } from "node:child_process";
import { request } from "node:http";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 15_000 });
}

/** Starts the CLI and resolves with its start-up line. */
async function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before starting`)));
  });
  return { child, line };
}

describe("sync-mock CLI", () => {
  it.each([
    [["--port", "abc"], /^sync-mock: invalid --port \/ PORT/],
    [["--clock", "sometimes"], /^sync-mock: invalid --clock \/ SYNC_MOCK_CLOCK/],
    [["--frobnicate"], /^sync-mock: Unknown option '--frobnicate'/],
    [["--scenario", "/does/not/exist.yaml"], /^sync-mock: \/does\/not\/exist\.yaml: cannot read scenario file/],
    [["--store", "redis://127.0.0.1:9/0", "--data-dir", "/tmp/x"], /^sync-mock: --data-dir \/ SYNC_MOCK_DATA_DIR cannot be used with a Redis --store/],
  ])("exits 1 with one clear line for %j", (args, message) => {
    const result = run(args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses to start, with one line, when its Redis does not answer", () => {
    // Port 9 (discard) is closed on loopback: the connection is refused until the 10 s start-up deadline.
    const result = spawnSync(process.execPath, [CLI, "--port", "0", "--store", "redis://127.0.0.1:9/0"], { encoding: "utf8", timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^sync-mock: cannot reach Redis at redis:\/\/127\.0\.0\.1:9\/0: connect ECONNREFUSED/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses to start on a scenario file with a bad field, naming the file and the field path", () => {
    const dir = mkdtempSync(join(tmpdir(), "sync-mock-cli-"));
    const file = join(dir, "typo.yaml");
    writeFileSync(file, "extends: default\ntiming:\n  pendingMS: 5\n");
    const result = run(["--scenario", file]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`sync-mock: ${file}: timing: Unrecognized key: "pendingMS"`);
  });

  it("starts on a shipped scenario given by name", async () => {
    const { child, line } = await start(["--port", "0", "--host", "127.0.0.1", "--scenario", "instant", "--log-level", "silent"]);
    child.kill("SIGTERM");
    await once(child, "exit");
    expect(line).toContain("scenario instant");
  });

  it("exits 1 for a bad environment variable", () => {
    const result = run([], { PORT: "-3" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/invalid --port \/ PORT/);
  });

  it("prints help listing every flag, and the version", () => {
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    for (const flag of ["--port", "--host", "--scenario", "--clock", "--public-url", "--webhook-secret", "--log-level"]) expect(help.stdout).toContain(flag);
    expect(run(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("starts with --port and --clock manual, prints its URLs, serves, and stops on SIGTERM", async () => {
    const { child, line } = await start(["--port", "0", "--clock", "manual", "--host", "127.0.0.1", "--log-level", "silent"]);
    try {
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)![1];
      expect(line).toContain(`docs http://127.0.0.1:${port}/docs`);
      expect(line).toContain(`inspector http://127.0.0.1:${port}/__mock/ui`);
      expect(line).toContain("clock manual");
      const health = await fetch(`http://127.0.0.1:${port}/__mock/health`);
      expect(await health.json()).toMatchObject({ status: "ok", clock: "manual" });
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("logs one JSON line per request with the request id that the error body carries", async () => {
    const { child, line } = await start(["--port", "0", "--host", "127.0.0.1", "--log-level", "info"]);
    const lines: string[] = [];
    child.stdout.on("data", (chunk: string) => lines.push(...chunk.split("\n").filter(Boolean)));
    try {
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)![1];
      const body = (await (await fetch(`http://127.0.0.1:${port}/v2/nope`)).json()) as { requestId: string };
      await expect.poll(() => lines.some((l) => l.includes(body.requestId))).toBe(true);
      const entry = JSON.parse(lines.find((l) => l.includes(body.requestId))!);
      expect(entry).toMatchObject({ level: 30, msg: "request", method: "GET", path: "/v2/nope", status: 404, requestId: body.requestId });
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("on SIGTERM, answers a long poll in flight at once and exits 0", async () => {
    const { child, line } = await start(["--port", "0", "--host", "127.0.0.1", "--clock", "manual", "--log-level", "silent"]);
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)![1];
    const headers = { "x-api-key": "k", "content-type": "application/json" };
    const body = JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: "https://a.test/v.mp4" }, { type: "audio", url: "https://a.test/a.wav" }] });
    const created = (await (await fetch(`http://127.0.0.1:${port}/v2/generate`, { method: "POST", headers, body })).json()) as { id: string };
    // The poll is fully sent, and a later request answered, before SIGTERM: the server is holding the poll.
    const polling = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`http://127.0.0.1:${port}/v2/generate/${created.id}?wait=true&timeout=10`, { headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on("error", reject);
      req.end();
    });
    await fetch(`http://127.0.0.1:${port}/__mock/health`);
    const started = performance.now();
    child.kill("SIGTERM");
    const answer = await polling;
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { status: string }).status).toBe("PENDING");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    // Well before the poll's own 10 s: shutdown answered it rather than waiting it out.
    expect(performance.now() - started).toBeLessThan(9_000);
  });

  it("hands out URLs under SYNC_MOCK_PUBLIC_URL", async () => {
    const { child, line } = await start(["--port", "0", "--host", "127.0.0.1", "--clock", "manual", "--log-level", "silent"], {
      SYNC_MOCK_PUBLIC_URL: "http://mock.internal:9999",
    });
    try {
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(line)![1];
      expect(line).toContain("API http://mock.internal:9999/v2");
      const base = `http://127.0.0.1:${port}`;
      const headers = { "x-api-key": "k", "content-type": "application/json" };
      const body = JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: "https://a.test/v.mp4" }, { type: "audio", url: "https://a.test/a.wav" }] });
      const created = (await (await fetch(`${base}/v2/generate`, { method: "POST", headers, body })).json()) as { id: string };
      await fetch(`${base}/__mock/clock/advance`, { method: "POST", headers, body: JSON.stringify({ ms: 5_000 }) });
      const done = (await (await fetch(`${base}/v2/generate/${created.id}`, { headers })).json()) as { outputUrl: string };
      expect(done.outputUrl.startsWith("http://mock.internal:9999/v2/generations/")).toBe(true);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});

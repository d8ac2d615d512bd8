/**
 * `sync-mock record` and `sync-mock drift` as a user runs them: the built command as real processes, the
 * "real API" being a second mock started with a scenario that differs on purpose (an extra field, a renamed
 * error code, another status). The drift report must find exactly those, the recording must never hold the
 * key, and a 50 MB upload must stream through the proxy.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drift, driftTable, loadAllowList, readRecordings } from "../src/record/drift.js";
import { startSyncMock } from "../src/testing/index.js";
import { startChildMock, type ChildMock } from "./helpers/child-mock.js";
import { generationBody } from "./helpers/http.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const KEY = `sk_live_${"s3cr3t".repeat(4)}_drift`;
const MISSING = "00000000-0000-4000-8000-000000000000";

interface Recorder {
  readonly url: string;
  readonly pid: number;
  readonly output: string[];
  rssBytes(): number;
  stop(): Promise<void>;
}

/** `sync-mock record` as a process, resolved once it listens. */
async function startRecorder(upstream: string, out: string): Promise<Recorder> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, "record", "--upstream", upstream, "--out", out, "--port", "0"]);
  const output: string[] = [];
  child.stdout.on("data", (c: Buffer) => output.push(...c.toString().split("\n").filter(Boolean)));
  child.stderr.on("data", (c: Buffer) => output.push(...c.toString().split("\n").filter(Boolean)));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", () => {
      const match = output.map((l) => /listening on 127\.0\.0\.1:(\d+)/.exec(l)).find(Boolean);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`record exited ${code}: ${output.join("\n")}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output,
    rssBytes: () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** `sync-mock drift` as a process: its exit code and what it printed. */
async function runDrift(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, "drift", ...args]);
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

let work: string;
let recordings: string;
let upstream: ChildMock;
let recorder: Recorder;

/** The planted differences, as a scenario of the "real API". */
async function plantedScenario(): Promise<string> {
  const reference = await startSyncMock();
  const models = (await (await fetch(`${reference.baseUrl}/v2/models`, { headers: { "x-api-key": "k" } })).json()) as Array<Record<string, unknown>>;
  await reference.close();
  const scenario = {
    name: "planted",
    extends: "default",
    // Room for the 50 MB upload (the default is the real API's 20 MB).
    limits: { maxUploadBytes: 100 * 1024 * 1024 },
    rules: [
      { name: "extra-field", match: { endpoint: "GET /v2/models" }, respond: { status: 200, body: models.map((m) => ({ ...m, beta: true })) } },
      {
        name: "renamed-code",
        match: { endpoint: `GET /v2/generate/${MISSING}` },
        respond: { status: 404, body: { statusCode: 404, errorCode: "generation_missing", message: "Generation not found", error: "Not Found", requestId: "r" } },
      },
      { name: "another-status", match: { endpoint: "GET /v2/assets/count" }, respond: { status: 202, body: 0 } },
    ],
  };
  const file = join(work, "planted.json");
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${recorder.url}${path}`, { ...init, headers: { "x-api-key": KEY, "content-type": "application/json", ...(init.headers as Record<string, string>) } });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sync-mock-drift-"));
  recordings = join(work, "recordings");
  upstream = await startChildMock(["--scenario", await plantedScenario()]);
  recorder = await startRecorder(upstream.url, recordings);
  const created = (await (await call("/v2/generate", { method: "POST", body: JSON.stringify(generationBody()) })).json()) as { id: string };
  for (const path of [`/v2/generate/${created.id}`, "/v2/generations", "/v2/models", `/v2/generate/${MISSING}`, "/v2/assets/count"]) expect((await call(path)).status, path).toBeLessThan(500);
  expect((await call("/v2/generate", { method: "POST", body: JSON.stringify({ model: "lipsync-2" }) })).status).toBe(400);
  await recorder.stop();
});

afterAll(async () => {
  await upstream?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("sync-mock record", () => {
  it("writes one JSON line per exchange, with the key redacted everywhere and a fingerprint in its place", () => {
    const [file] = readdirSync(recordings);
    const text = readFileSync(join(recordings, file!), "utf8");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("s3cr3t");
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ method: "POST", url: "/v2/generate", status: 201, requestHeaders: { "x-api-key": "<redacted>" }, keyId: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(lines[0].responseBody).toMatchObject({ kind: "json", value: { status: "PENDING" } });
    expect(recorder.output.join("\n")).toContain("7 exchanges recorded");
  });

  it("streams a 50 MB multipart upload through without holding it", async () => {
    const proxy = await startRecorder(upstream.url, join(work, "upload-recording"));
    try {
      const size = 50 * 1024 * 1024;
      const boundary = "drift-upload";
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nlipsync-2\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="voice.wav"\r\nContent-Type: audio/wav\r\n\r\n${"a".repeat(500)}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 7);
      const before = proxy.rssBytes();
      let peak = before;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start: (c) => c.enqueue(head),
        pull(c) {
          peak = Math.max(peak, proxy.rssBytes());
          if (sent >= size) {
            c.enqueue(tail);
            c.close();
            return;
          }
          c.enqueue(chunk);
          sent += chunk.length;
        },
      });
      const response = await fetch(`${proxy.url}/v2/generate`, {
        method: "POST",
        headers: { "x-api-key": KEY, "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(201);
      expect(peak - before, "RSS growth while 50 MB went through").toBeLessThan(30 * 1024 * 1024);
    } finally {
      await proxy.stop();
    }
    const [file] = readdirSync(join(work, "upload-recording"));
    const line = JSON.parse(readFileSync(join(work, "upload-recording", file!), "utf8").trim());
    expect(line.requestBody).toMatchObject({ kind: "bytes", bytes: expect.any(Number) });
    expect(line.requestBody.bytes).toBeGreaterThan(50 * 1024 * 1024);
  });
});

describe("sync-mock drift", () => {
  it("finds every planted difference and nothing else, and exits 1", async () => {
    const reportFile = join(work, "report.json");
    const { code, output } = await runDrift([recordings, "--report", reportFile]);
    expect(code, output).toBe(1);
    const report = JSON.parse(readFileSync(reportFile, "utf8"));
    const found = report.findings.map((f: any) => `${f.endpoint} ${f.kind} ${f.path} ${f.detail}`).sort();
    expect(found).toEqual([
      "GET /v2/assets/count status  upstream 202, mock 200",
      expect.stringMatching(/^GET \/v2\/generate\/\{id\} errorCode errorCode upstream generation_missing, mock \w+$/),
      "GET /v2/models missing [].beta upstream has [].beta (boolean), the mock does not",
    ]);
    expect(report).toMatchObject({ exchanges: 7, replayed: 7, unexpected: 3 });
    expect(output).toContain("| GET /v2/models | missing | [].beta |");
  });

  it("reports what an allow-list expects without failing on it, each with its reason", async () => {
    const allow = join(work, "allow.yaml");
    writeFileSync(
      allow,
      [
        '- { endpoint: "GET /v2/models", path: "[].beta", reason: "beta is not documented yet" }',
        '- { endpoint: "GET /v2/generate/{id}", kind: errorCode, reason: "renamed upstream" }',
        '- { endpoint: "GET /v2/assets/*", kind: status, reason: "202 upstream" }',
      ].join("\n"),
    );
    const { code, output } = await runDrift([recordings, "--allow", allow, "--report", join(work, "allowed.json")]);
    expect(code, output).toBe(0);
    expect(output).toContain("expected: beta is not documented yet");
    writeFileSync(allow, "- { endpoint: GET /v2/models }\n");
    const bad = await runDrift([recordings, "--allow", allow]);
    expect([bad.code, bad.output]).toEqual([1, expect.stringContaining("reason")]);
  });

  it("turns recorded failures into a scenario that reproduces them", async () => {
    const dir = join(work, "failures");
    const failing = await startChildMock(["--scenario", "failures"]);
    const proxy = await startRecorder(failing.url, dir);
    try {
      const send = (url: string) =>
        fetch(`${proxy.url}/v2/generate`, { method: "POST", headers: { "x-api-key": KEY, "content-type": "application/json" }, body: JSON.stringify(generationBody({ input: [{ type: "video", url }, { type: "audio", url: "https://cdn.test/a.wav" }] })) }).then((r) => r.json() as Promise<{ id: string }>);
      const failed = await send("https://cdn.test/fail-timeout.mp4");
      await fetch(`${failing.url}/__mock/clock/advance`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ms: 600_000 }) });
      await fetch(`${proxy.url}/v2/generate/${failed.id}`, { headers: { "x-api-key": KEY } }).then((r) => r.arrayBuffer());
    } finally {
      await proxy.stop();
      await failing.stop();
    }
    // In a directory of its own: a scenario file's directory is its library of named scenarios.
    const scenarioFile = join(mkdtempSync(join(work, "emitted-")), "recorded.yaml");
    await runDrift([dir, "--emit-scenario", scenarioFile, "--report", join(work, "failures.json")]);
    const text = readFileSync(scenarioFile, "utf8");
    expect(text).toContain("fail-timeout.mp4");
    const replay = await startSyncMock({ scenario: scenarioFile, clock: "manual" });
    try {
      const key = replay.apiKey();
      const created = (await (await fetch(`${replay.baseUrl}/v2/generate`, { method: "POST", headers: { "x-api-key": key, "content-type": "application/json" }, body: JSON.stringify(generationBody({ input: [{ type: "video", url: "https://cdn.test/fail-timeout.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] })) })).json()) as { id: string };
      await replay.admin.advance(600_000, key);
      const polled = (await (await fetch(`${replay.baseUrl}/v2/generate/${created.id}`, { headers: { "x-api-key": key } })).json()) as { status: string; errorCode: string };
      expect([polled.status, polled.errorCode]).toEqual(["FAILED", "generation_timeout"]);
    } finally {
      await replay.close();
    }
  });
});

describe("the published examples", () => {
  it("replay with only the differences drift-allow.yaml expects, as the README's table shows", async () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const report = await drift(readRecordings(join(root, "test/fixtures/drift")), loadAllowList(join(root, "drift-allow.yaml")));
    expect(report).toMatchObject({ exchanges: 4, replayed: 4, unexpected: 0 });
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const shown = /<!-- drift-fixture:start -->\n([\s\S]*?)\n<!-- drift-fixture:end -->/.exec(readme)![1];
    expect(shown).toBe(driftTable(report));
  });
});

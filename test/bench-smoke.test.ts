/**
 * The benchmark harness keeps working: `npm run bench -- --quick` (tiny durations, every case) completes and
 * writes a report. Only that: benchmark figures are never asserted in tests. The report goes to a temporary
 * file, never over BENCHMARKS.md.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

it("runs the quick benchmark and writes a report", { timeout: 240_000 }, async () => {
  const out = join(mkdtempSync(join(tmpdir(), "sync-mock-bench-")), "quick.md");
  // dist/ is fresh: `npm test` builds first. tsx runs the TypeScript harness as `npm run bench` does.
  const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", out], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // SIGTERM lets the harness stop the servers it started; SIGKILL only if that does not end it.
  const timer = setTimeout(() => {
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  }, 220_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  expect(code, output).toBe(0);
  const report = readFileSync(out, "utf8");
  expect(report).toContain("quick smoke run");
  for (const measure of ["Start-up", "GET /v2/generate/{id}: req/s", "POST /v2/generate: req/s", "RSS with", "Upload", "Batch: validate", "Batch: one clock advance"]) {
    expect(report).toContain(measure);
  }
});

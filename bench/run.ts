/**
 * `npm run bench`: runs every case in `bench/cases/` and writes the report.
 *
 *   npm run bench                       full run, rewrites BENCHMARKS.md (about 11 minutes)
 *   npm run bench -- --quick            smoke run in seconds, report to the temp directory
 *   npm run bench -- --only startup,scale --out /tmp/b.md
 *   npm run bench -- --only throughput --runs 1 --duration 5      while profiling a fix
 *
 * Exits 1 if a case failed (goals missed are reported, never an exit code: benchmarks are not assertions).
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CASES } from "./cases/index.js";
import type { BenchSettings } from "./lib/case.js";
import { machineInfo } from "./lib/machine.js";
import { killAll } from "./lib/process.js";
import { renderReport, type CaseOutcome } from "./lib/report.js";
import { ROOT } from "./lib/servers.js";

const FULL: BenchSettings = {
  quick: false,
  runs: 3,
  connections: 50,
  durationSeconds: 10,
  warmupSeconds: 3,
  startupRuns: 5,
  scaleSizes: [1_000, 100_000],
  scaleSeconds: 5,
  scaleConnections: 10,
  uploadBytes: 200 * 1024 * 1024,
};

const QUICK: BenchSettings = {
  ...FULL,
  quick: true,
  runs: 1,
  durationSeconds: 1,
  warmupSeconds: 0.5,
  startupRuns: 1,
  scaleSizes: [200, 2_000],
  scaleSeconds: 0.5,
  uploadBytes: 8 * 1024 * 1024,
};

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
    runs: { type: "string" },
    duration: { type: "string" },
  },
  strict: true,
});
const settings: BenchSettings = {
  ...(values.quick ? QUICK : FULL),
  ...(values.runs ? { runs: Number(values.runs), startupRuns: Number(values.runs) } : {}),
  ...(values.duration ? { durationSeconds: Number(values.duration), scaleSeconds: Number(values.duration) } : {}),
};
const out = resolve(values.out ?? (settings.quick ? join(tmpdir(), "sync-mock-bench-quick.md") : join(ROOT, "BENCHMARKS.md")));
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
if (unknown.length) {
  process.stderr.write(`unknown case(s): ${unknown.join(", ")} (known: ${CASES.map((c) => c.id).join(", ")})\n`);
  process.exit(2);
}

// Every loop below is bounded by counts and durations; this is the backstop if something hangs anyway.
const watchdog = setTimeout(
  () => {
    process.stderr.write("bench: watchdog expired, stopping every server\n");
    killAll();
    process.exit(1);
  },
  (settings.quick ? 3 : 30) * 60_000,
);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

const log = (line: string) => process.stdout.write(`  ${line}\n`);
const machine = machineInfo();
const startedAt = new Date();
const outcomes: CaseOutcome[] = [];
for (const bench of CASES.filter((c) => !only || only.includes(c.id))) {
  if (bench.pending || !bench.run) {
    outcomes.push({ kind: "pending", bench });
    continue;
  }
  process.stdout.write(`${bench.title}\n`);
  try {
    outcomes.push({ kind: "done", bench, result: await bench.run(settings, log) });
  } catch (error) {
    const message = (error as Error)?.stack ?? String(error);
    process.stderr.write(`${bench.title} failed: ${message}\n`);
    outcomes.push({ kind: "failed", bench, error: message });
  }
}

const seconds = (Date.now() - startedAt.getTime()) / 1000;
writeFileSync(out, renderReport({ settings, machine, startedAt, seconds, outcomes }));
process.stdout.write(`report written to ${out} (${Math.round(seconds)} s)\n`);
process.exit(outcomes.some((o) => o.kind === "failed") ? 1 : 0);

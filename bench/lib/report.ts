/**
 * Renders a run as Markdown: the machine, one table of every figure with its ratio and goal, how each was
 * taken, what is pending, and the one command that reproduces it.
 */
import type { BenchCase, BenchSettings, CaseResult, Row } from "./case.js";
import type { MachineInfo } from "./machine.js";
import { BARE_HONO_ARGS, PRISM_ARGS, SYNC_MOCK_ARGS, WITH_BENCH_SCENARIO } from "./servers.js";

/** The outcome of one case in a run. */
export type CaseOutcome =
  | { readonly kind: "done"; readonly bench: BenchCase; readonly result: CaseResult }
  | { readonly kind: "pending"; readonly bench: BenchCase }
  | { readonly kind: "failed"; readonly bench: BenchCase; readonly error: string };

/** Everything the report needs. */
export interface RunReport {
  readonly settings: BenchSettings;
  readonly machine: MachineInfo;
  readonly startedAt: Date;
  readonly seconds: number;
  readonly outcomes: readonly CaseOutcome[];
}

const cell = (s: string | undefined) => (s ?? "").replaceAll("|", "\\|");
const metCell = (met: boolean | undefined) => (met === undefined ? "" : met ? "✅ met" : "❌ missed");
/** A command line as the report shows it: `node …`, the port as `PORT`. */
export const command = (args: readonly string[]) => `\`node ${args.join(" ").replaceAll("{port}", "PORT")}\``;

function table(outcomes: readonly CaseOutcome[]): string[] {
  const lines = [
    "| Measure | sync-mock | Prism | bare Hono | Ratio (same run) | Goal | |",
    "|---|---:|---:|---:|---|---|---|",
  ];
  for (const outcome of outcomes) {
    if (outcome.kind === "pending") {
      lines.push(`| ${cell(outcome.bench.title)} | pending: ${cell(outcome.bench.pending)} | | | | | |`);
    } else if (outcome.kind === "failed") {
      lines.push(`| ${cell(outcome.bench.title)} | **failed**: ${cell(outcome.error.split("\n")[0])} | | | | | |`);
    } else {
      for (const r of outcome.result.rows as Row[]) {
        lines.push(`| ${[r.measure, r.ours, r.prism, r.bareHono, r.ratio, r.goal].map(cell).join(" | ")} | ${metCell(r.met)} |`);
      }
    }
  }
  return lines;
}

function goalSummary(outcomes: readonly CaseOutcome[]): string {
  const rows = outcomes.flatMap((o) => (o.kind === "done" ? o.result.rows : [])).filter((r) => r.met !== undefined);
  const missed = rows.filter((r) => !r.met).map((r) => r.measure);
  const pending = outcomes.filter((o) => o.kind === "pending").length;
  const failed = outcomes.filter((o) => o.kind === "failed").length;
  return [
    `**${rows.length - missed.length} of ${rows.length} goals met**`,
    missed.length ? `; missed: ${missed.join("; ")}` : "",
    pending ? `. ${pending} case(s) pending` : "",
    failed ? `. ${failed} case(s) failed` : "",
    ".",
  ].join("");
}

/** The whole report. */
export function renderReport(run: RunReport): string {
  const { machine, settings } = run;
  const mode = settings.quick ? "quick smoke run (`--quick`): figures are NOT meaningful" : "full run";
  const out: string[] = [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/run.ts). Change the harness, not this file. -->",
    "",
    `sync-mock against what a user would pick instead (Prism mocking our own \`openapi/openapi.json\`) and against the`,
    "framework's own limit (a bare Hono + @hono/node-server app), all measured in one run on one machine; every",
    "ratio is taken within that run. Goals come from issue 7.",
    "",
    "**Reproduce** (installs, builds, runs every case, rewrites this file; about 11 minutes):",
    "",
    "```bash",
    "npm ci && npm run bench",
    "```",
    "",
    `Last run: ${run.startedAt.toISOString()}, ${mode}, ${Math.round(run.seconds)} s.`,
    "",
    "## Machine",
    "",
    `- CPU: ${machine.cpuModel}, **${machine.cores} cores**, ${machine.memoryGiB} GiB; ${machine.os}`,
    `- Node ${machine.node}; ${Object.entries(machine.versions).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `- Load average when the run started: ${machine.loadAtStart.toFixed(2)}. The load generator (autocannon, in the harness process) and the server share the cores, so absolute figures are low and only the side-by-side ratios carry over to other machines.`,
    "",
    "## Results",
    "",
    ...table(run.outcomes),
    "",
    goalSummary(run.outcomes),
    "",
    "## Servers as run",
    "",
    `- sync-mock: ${command(SYNC_MOCK_ARGS)} (\`dist/cli.js\` is the command as \`npm run build\` bundles it). Log level left at its default (\`info\`: one JSON line per request, to stdout, which the harness sends to \`/dev/null\`) and the request journal on, as shipped; manual clock. Start-up runs the default scenario, as a user's first start does; every other case adds \`${WITH_BENCH_SCENARIO.join(" ")}\`, which raises only the concurrency and upload limits (see the file).`,
    `- Prism: ${command(PRISM_ARGS)} (\`-v warn\`: at the default \`info\` Prism logs every request and serves about half as many; the throughput case runs it that way too, for its last line).`,
    `- bare Hono: ${command(BARE_HONO_ARGS)}, the framework with no middleware and a fixed JSON body of the same shape.`,
    "- All load goes to 127.0.0.1.",
    "",
    "## How each figure was taken",
    "",
  ];
  for (const outcome of run.outcomes) {
    out.push(`### ${outcome.bench.title}`, "");
    if (outcome.kind === "pending") out.push(`Pending: ${outcome.bench.pending}. Not measured, not faked.`);
    else if (outcome.kind === "failed") out.push("The case failed:", "", "```", outcome.error, "```");
    else out.push(...outcome.result.notes.map((n) => `- ${n}`));
    out.push("");
  }
  out.push("Profiling notes and the changes made to meet the goals, with before/after figures: [bench/README.md](bench/README.md).", "");
  return out.join("\n");
}

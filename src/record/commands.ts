/**
 * The `record` and `drift` sub-commands of `sync-mock`: parse their settings, run, and say what happened in
 * plain lines. Exit codes: 0 fine, 1 drift found (or a bad input), as CI expects.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDriftCli, parseRecordCli } from "../config.js";
import { drift, driftTable, loadAllowList, readRecordings } from "./drift.js";
import { emitScenario } from "./emit-scenario.js";
import { startRecordingProxy } from "./proxy.js";

/** `sync-mock record …`: runs until SIGTERM or SIGINT. */
export async function recordCommand(argv: readonly string[]): Promise<void> {
  const config = parseRecordCli(argv);
  const proxy = await startRecordingProxy({ upstream: config.upstream, outDir: config.out, port: config.port, host: config.host });
  process.stdout.write(`sync-mock record listening on ${proxy.url.replace("http://", "")} · forwarding /v2 to ${config.upstream} · recording to ${proxy.file}\n`);
  const stop = () => void proxy.close().then(() => {
    process.stdout.write(`sync-mock record: ${proxy.exchanges} exchanges recorded in ${proxy.file}\n`);
    process.exit(0);
  });
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** `sync-mock drift …`: resolves with the exit code. */
export async function driftCommand(argv: readonly string[]): Promise<number> {
  const config = parseDriftCli(argv);
  const exchanges = readRecordings(config.dir);
  const report = await drift(exchanges, config.allow ? loadAllowList(config.allow) : []);
  const reportFile = config.report ?? join(config.dir, "drift-report.json");
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${driftTable(report)}\n\nreport written to ${reportFile}\n`);
  if (config.emitScenario) {
    writeFileSync(config.emitScenario, emitScenario(exchanges));
    process.stdout.write(`scenario written to ${config.emitScenario}\n`);
  }
  return report.unexpected > 0 ? 1 : 0;
}

/**
 * What the numbers were measured on: a benchmark figure means little without the machine it came from.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./servers.js";

/** The machine and software versions of a run. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  /** 1-minute load average when the run started (other work on the machine skews every figure). */
  readonly loadAtStart: number;
  readonly versions: Readonly<Record<string, string>>;
}

// Read from node_modules directly: some packages' `exports` hide their package.json from require().
function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?(.*?)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

/** Reads the machine's description. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osName()} (${process.arch})`,
    loadAtStart: loadavg()[0]!,
    versions: Object.fromEntries(
      ["hono", "@hono/node-server", "@stoplight/prism-cli", "autocannon"].map((p) => [p, versionOf(p)]),
    ),
  };
}

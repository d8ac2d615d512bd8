#!/usr/bin/env node
/**
 * The `sync-mock` command: parse settings, load the scenario, listen, print one start-up line, and shut down
 * cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, helpText, parseCli } from "./config.js";
import { createLogger } from "./logger.js";
import { StateLogError } from "./persistence/state-log.js";
import { resolveScenarioArgument, ScenarioError } from "./scenarios/load.js";
import { startServer } from "./server.js";
import { StoreConnectError } from "./store/errors.js";
import { VERSION } from "./version.js";

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  // Loaded only when asked for: the server's start-up does not pay for them.
  if (command === "record") return (await import("./record/commands.js")).recordCommand(rest);
  if (command === "drift") {
    process.exitCode = await (await import("./record/commands.js")).driftCommand(rest);
    return;
  }
  const { config, help, version } = parseCli(process.argv.slice(2), process.env);
  if (help) {
    process.stdout.write(`${helpText(VERSION)}\n`);
    return;
  }
  if (version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const { scenario, dirs } = resolveScenarioArgument(config.scenario);
  const logger = createLogger(config.logLevel);
  const server = await startServer({
    port: config.port,
    host: config.host,
    clock: config.clock,
    scenario,
    scenarioDirs: dirs,
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    storeUrl: config.store,
    storePrefix: config.storePrefix,
    logger,
    webhookSecret: config.webhookSecret,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.adminToken ? { adminToken: config.adminToken } : {}),
  });
  const base = server.url;
  process.stdout.write(
    `sync-mock ${VERSION} listening on ${config.host}:${server.port} · API ${base}/v2 · docs ${base}/docs · inspector ${base}/__mock/ui · scenario ${scenario.name} · clock ${config.clock}${config.store === "memory" ? "" : ` · store ${server.deps.store.location}`}\n`,
  );
  const stop = (signal: string) => {
    logger.info({ signal }, "shutting down");
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError ||
    error instanceof ScenarioError ||
    error instanceof StateLogError ||
    error instanceof StoreConnectError ||
    (error as Error)?.name === "DriftInputError";
  const message = known ? (error as Error).message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`sync-mock: ${message}\n`);
  process.exit(1);
});

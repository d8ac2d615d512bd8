/**
 * The server's logger: JSON lines (pino) for machines, or readable colour output when stdout is a terminal.
 */
import { createRequire } from "node:module";
import { pino, type Logger, type LevelWithSilent } from "pino";
import type PinoPretty from "pino-pretty";
import { batchedStdout } from "./log-destination.js";
import { enableRequestLines } from "./request-line.js";

// pino-pretty (and the dozen packages under it) is loaded only for a terminal: a server in CI, in Docker or
// under a test runner never needs it, and importing it was a few ms of every start-up.
const requireCjs = createRequire(import.meta.url);

/** Creates the logger for `level`; `pretty` defaults to whether stdout is a terminal. */
export function createLogger(level: LevelWithSilent, options: { pretty?: boolean } = {}): Logger {
  const readable = options.pretty ?? process.stdout.isTTY === true;
  if (!readable) {
    const destination = batchedStdout();
    const logger = pino({ level, base: { service: "sync-mock" } }, destination);
    enableRequestLines(logger, destination);
    return logger;
  }
  const pretty = requireCjs("pino-pretty") as typeof PinoPretty;
  return pino({ level }, pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" }));
}

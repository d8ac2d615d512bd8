/**
 * The server's logger: JSON lines (pino) for machines, or readable colour output when stdout is a terminal.
 */
import { pino, type Logger, type LevelWithSilent } from "pino";
import pretty from "pino-pretty";
import { batchedStdout } from "./log-destination.js";

/** Creates the logger for `level`; `pretty` defaults to whether stdout is a terminal. */
export function createLogger(level: LevelWithSilent, options: { pretty?: boolean } = {}): Logger {
  const readable = options.pretty ?? process.stdout.isTTY === true;
  if (!readable) return pino({ level, base: { service: "sync-mock" } }, batchedStdout());
  return pino({ level }, pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" }));
}

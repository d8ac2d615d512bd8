/**
 * Where the JSON log goes off a terminal: stdout, written the way Node writes `process.stdout` to files and
 * pipes on Linux (synchronously, through pino's own stream, which retries a full non-blocking pipe and stops at
 * a closed one), but once per turn of the event loop with every line of that turn, not once per line.
 *
 * pino's default, an asynchronous write per line through libuv's thread pool, cost several µs of CPU per
 * request under load: `GET /v2/generate/{id}` took 42 µs with the request log, 30 at `warn` (no line), and 39
 * with the lines of each turn written together. Under load a turn handles dozens of requests, so a write
 * carries dozens of lines; when idle, a line waits only for the end of its turn.
 */
import { pino, type DestinationStream } from "pino";
import { afterIo } from "./domain/scheduler.js";

/** Stdout, each turn's lines written together; lines still gathered at exit are written before it. */
export function batchedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: true });
  let pending = "";
  const flush = () => {
    const batch = pending;
    pending = "";
    if (batch !== "") stream.write(batch);
  };
  process.once("exit", flush);
  return {
    write(line: string) {
      if (pending === "") afterIo(flush);
      pending += line;
    },
  };
}

/**
 * The state log on disk: one JSON line per event, appended synchronously before the answer that reports the
 * change is sent, so a process killed right after answering (even `kill -9`) still has it. Reading skips a torn
 * last line (a kill in the middle of a write).
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import { decodeRecord, encodeRecord } from "../domain/json-infinity.js";
import type { StateEvent, StateRecorder } from "./events.js";

/** The file name of the log inside the data directory. */
export const STATE_FILE = "state.jsonl";

// JSON has no Infinity; timelines use it for "never", written as null and read back as Infinity.
const encode = (event: StateEvent) => encodeRecord(event);

/** A state log that cannot be used, with a message fit for one line of output. */
export class StateLogError extends Error {
  override name = "StateLogError";
}

/** Reads every complete event of a log (a torn last line is ignored), with timeline nulls back to Infinity. */
export function readEvents(path: string): { events: StateEvent[]; torn: boolean } {
  if (!existsSync(path)) return { events: [], torn: false };
  const lines = readFileSync(path, "utf8").split("\n");
  const events: StateEvent[] = [];
  let torn = false;
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    try {
      events.push(decodeRecord<StateEvent>(line));
    } catch (error) {
      if (index >= lines.length - 2) torn = true;
      else throw new StateLogError(`${path}: line ${index + 1} is not a state event (${(error as Error).message})`);
    }
  });
  return { events, torn };
}

/** What the log needs from the mock. */
export interface StateLogHooks {
  /** How far a seeded id sequence has gone, stored with each event so a restart continues it. */
  idsPosition(): number;
  /** The events a fresh log starts with after a full reset (its start, and the clock's shared shift). */
  startEvents(): StateEvent[];
}

/** Appends events to the log of a data directory; a full reset starts the log over. */
export class StateLog implements StateRecorder {
  readonly #fd: number;

  constructor(
    readonly dataDir: string,
    private readonly hooks: StateLogHooks,
  ) {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, STATE_FILE);
    // A torn last line (a kill in the middle of a write) is cut off, or new lines would be appended to it.
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      if (text.length > 0 && !text.endsWith("\n")) truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)));
    }
    this.#fd = openSync(path, "a");
  }

  record(event: StateEvent): void {
    if (event.e === "reset" && event.key === undefined) {
      // Nothing before a full reset matters to a restart: start the file over (appends go to the new end).
      ftruncateSync(this.#fd, 0);
      for (const start of this.hooks.startEvents()) this.#write(start);
      return;
    }
    this.#write(event);
  }

  #write(event: StateEvent): void {
    const position = this.hooks.idsPosition();
    const stamped: StateEvent & { p?: number } = position > 0 ? Object.assign({}, event, { p: position }) : event;
    writeSync(this.#fd, `${encode(stamped)}\n`);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

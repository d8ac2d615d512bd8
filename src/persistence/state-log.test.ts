import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StateEvent } from "./events.js";
import { readEvents, STATE_FILE, StateLog } from "./state-log.js";

const hooks = (position = 0) => ({ idsPosition: () => position, startEvents: (): StateEvent[] => [{ e: "start", format: 1, clock: "manual", manualStart: 7 }] });

describe("StateLog", () => {
  it("writes one line per event and reads them back, Infinity included", () => {
    const dir = mkdtempSync(join(tmpdir(), "state-log-"));
    const log = new StateLog(dir, hooks());
    log.record({ e: "shift", ms: 5 });
    log.record({ e: "poll", key: "k", id: "g", step: 1, at: 10 });
    log.close();
    expect(readEvents(join(dir, STATE_FILE))).toEqual({ events: [{ e: "shift", ms: 5 }, { e: "poll", key: "k", id: "g", step: 1, at: 10 }], torn: false });
    expect(JSON.parse(JSON.stringify({ at: Infinity }, (_k, v) => (v === Infinity ? null : v)))).toEqual({ at: null });
  });

  it("skips a torn last line, as a kill in the middle of a write leaves", () => {
    const dir = mkdtempSync(join(tmpdir(), "state-log-"));
    const log = new StateLog(dir, hooks());
    log.record({ e: "shift", ms: 5 });
    log.close();
    appendFileSync(join(dir, STATE_FILE), '{"e":"shift","m');
    expect(readEvents(join(dir, STATE_FILE))).toEqual({ events: [{ e: "shift", ms: 5 }], torn: true });
    // Opened again, the log cuts the torn line off before appending.
    const reopened = new StateLog(dir, hooks());
    reopened.record({ e: "shift", ms: 6 });
    reopened.close();
    expect(readEvents(join(dir, STATE_FILE))).toEqual({ events: [{ e: "shift", ms: 5 }, { e: "shift", ms: 6 }], torn: false });
  });

  it("refuses a damaged line in the middle", () => {
    const dir = mkdtempSync(join(tmpdir(), "state-log-"));
    appendFileSync(join(dir, STATE_FILE), 'garbage\n{"e":"shift","ms":1}\n{"e":"shift","ms":2}\n');
    expect(() => readEvents(join(dir, STATE_FILE))).toThrow(/line 1 is not a state event/);
  });

  it("starts the file over on a full reset, and stamps each event with the seeded sequence's position", () => {
    const dir = mkdtempSync(join(tmpdir(), "state-log-"));
    const log = new StateLog(dir, hooks(42));
    log.record({ e: "shift", ms: 5 });
    log.record({ e: "reset" });
    log.record({ e: "shift", key: "k", ms: 1 });
    log.close();
    const lines = readFileSync(join(dir, STATE_FILE), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { e: "start", format: 1, clock: "manual", manualStart: 7, p: 42 },
      { e: "shift", key: "k", ms: 1, p: 42 },
    ]);
  });
});

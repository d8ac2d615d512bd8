/**
 * `--data-dir`: what a start-up reads from the state log (the manual clock's start) before the services are
 * built, and, once they are, the replay of the log and the recording of every change from then on.
 */
import { join } from "node:path";
import type { AppDeps } from "../services.js";
import { MemoryWebhookLog } from "../webhooks/webhook-log.js";
import type { StateEvent } from "./events.js";
import { restoreState } from "./restore.js";
import { readEvents, STATE_FILE, StateLog } from "./state-log.js";

/** A data directory's saved events, and the manual clock start they fix (if any). */
export interface SavedState {
  readonly events: readonly StateEvent[];
  readonly clockStart: number | undefined;
  readonly started: boolean;
}

/** Reads a data directory's state log. */
export function readDataDir(dataDir: string): SavedState {
  const events = readEvents(join(dataDir, STATE_FILE)).events;
  const start = events.find((e): e is Extract<StateEvent, { e: "start" }> => e.e === "start");
  return { events, clockStart: start?.manualStart, started: start !== undefined };
}

/** Replays the saved state into fresh services, then records every change in the log; returns the log. */
export function recordInDataDir(deps: AppDeps, dataDir: string, saved: SavedState): StateLog {
  if (!(deps.webhookLog instanceof MemoryWebhookLog)) throw new Error("--data-dir keeps the in-memory store only");
  const webhookLog = deps.webhookLog;
  restoreState(deps, saved.events);
  const { time } = deps;
  const startEvents = (): StateEvent[] => [
    { e: "start", format: 1, clock: time.base.mode, manualStart: time.base.now() },
    { e: "shift", ms: time.globalShiftMs },
  ];
  const stateLog = new StateLog(dataDir, { idsPosition: () => deps.ids.position ?? 0, startEvents });
  if (!saved.started) for (const event of startEvents()) stateLog.record(event);
  deps.recorder = stateLog;
  webhookLog.observe((attempt) => deps.recorder.record({ e: "webhook", attempt }));
  return stateLog;
}

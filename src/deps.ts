/**
 * Everything a running mock depends on, built once and passed to {@link createApp}. Nothing is a module-level
 * singleton, so each test can build its own world (manual clock, scenario, quiet logger) in one call.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino, type Logger } from "pino";
import { DEFAULT_WEBHOOK_SECRET } from "./config.js";
import { createClock, TenantTime, type Clock, type ClockMode } from "./domain/clock.js";
import { ReseedableIds, type Ids } from "./domain/ids.js";
import { Scheduler } from "./domain/scheduler.js";
import { RequestJournal } from "./journal/journal.js";
import { Scenarios } from "./scenarios/active.js";
import { loadScenarioFile, loadScenarioLibrary } from "./scenarios/load.js";
import type { Scenario } from "./scenarios/scenario.schema.js";
import { NO_RECORDER, type StateEvent, type StateRecorder } from "./persistence/events.js";
import { restoreState } from "./persistence/restore.js";
import { readEvents, STATE_FILE, StateLog } from "./persistence/state-log.js";
import { TenantRegistry } from "./tenants/registry.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { WebhookLog } from "./webhooks/webhook-log.js";

/** The MP4 every completed generation serves (a real, playable 2 s clip). */
export const RESULT_VIDEO_PATH = fileURLToPath(new URL("../assets/result.mp4", import.meta.url));

/** The services of one mock instance. */
export interface AppDeps {
  readonly time: TenantTime;
  readonly scheduler: Scheduler;
  /** Ids and chance; reseeded from the active scenario's `seed` when it changes (unless fixed by the caller). */
  readonly ids: Ids & { reseed?(seed: number | undefined): void; skipTo?(position: number): void; readonly position?: number };
  readonly tenants: TenantRegistry;
  /** The start-up scenario, the one in force, and the named ones for `x-mock-scenario`. */
  readonly scenarios: Scenarios;
  /** What clients sent and got. */
  readonly journal: RequestJournal;
  /** Where changes of state are recorded for a restart (`--data-dir`); records nothing by default. */
  recorder: StateRecorder;
  /** Every webhook attempt. */
  readonly webhookLog: WebhookLog;
  /** Sends webhooks when jobs finish. */
  readonly webhooks: WebhookDispatcher;
  readonly logger: Logger;
  /** The scenario in force for everyone (the admin plane may replace it; a key or a request may override it). */
  scenario(): Scenario;
  /** Base of every URL handed out, without a trailing slash. */
  publicUrl(): string;
  readonly webhookSecret: string;
  /** Directory for uploaded files; removed on {@link AppDeps.close} unless it is in the data directory. */
  readonly uploadDir: string;
  /** Bytes of the result video. */
  readonly resultVideo: Buffer;
  /** Stops timers and removes uploaded files. */
  close(): void;
}

/** What {@link createDeps} can be told; everything has a default. */
export interface DepsOptions {
  clock?: ClockMode | Clock;
  /** Start of a manual clock, epoch ms (default: now). */
  clockStart?: number;
  scenario?: Scenario;
  /** Directories of further named scenarios for `x-mock-scenario` (the shipped ones are always there). */
  scenarioDirs?: readonly string[];
  ids?: Ids;
  logger?: Logger;
  /** A fixed base URL, or a function (the server fills it in once it knows its port). */
  publicUrl?: string | (() => string);
  webhookSecret?: string;
  /**
   * Keep state in this directory (`--data-dir`): every change is written to its state log before it is
   * acknowledged, and a mock started on the same directory comes back with it and carries on.
   */
  dataDir?: string;
}

/** Builds the services of one mock instance (and, with a data directory, restores what it had). */
export function createDeps(options: DepsOptions = {}): AppDeps {
  const saved = options.dataDir ? readEvents(join(options.dataDir, STATE_FILE)).events : [];
  const savedStart = saved.find((e): e is Extract<StateEvent, { e: "start" }> => e.e === "start");
  // A manual clock goes on from where it was: same start, and the shifts replayed on top.
  const clockStart = options.clockStart ?? savedStart?.manualStart;
  const clock = typeof options.clock === "object" ? options.clock : createClock(options.clock ?? "real", clockStart);
  const time = new TenantTime(clock);
  const scenarios = new Scenarios(options.scenario ?? loadScenarioFile(), loadScenarioLibrary(options.scenarioDirs ?? []));
  const scenario = () => scenarios.active();
  const webhookSecret = options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
  const tenants = new TenantRegistry(time, scenario, webhookSecret);
  const scheduler = new Scheduler(time);
  const ids = options.ids ?? new ReseedableIds(scenarios.initial.seed);
  const webhookLog = new WebhookLog();
  const logger = options.logger ?? pino({ level: "silent" });
  const webhooks = new WebhookDispatcher({ scheduler, tenants, log: webhookLog, ids, scenario, logger });
  const uploadDir = options.dataDir ? join(options.dataDir, "uploads") : mkdtempSync(join(tmpdir(), "sync-mock-uploads-"));
  mkdirSync(uploadDir, { recursive: true });
  const publicUrl = options.publicUrl;
  const deps: AppDeps = {
    time,
    scheduler,
    ids,
    tenants,
    scenarios,
    journal: new RequestJournal(),
    recorder: NO_RECORDER,
    webhookLog,
    webhooks,
    logger,
    scenario,
    publicUrl: typeof publicUrl === "function" ? publicUrl : () => publicUrl ?? "http://localhost:8080",
    webhookSecret,
    uploadDir,
    resultVideo: readFileSync(RESULT_VIDEO_PATH),
    close() {
      scheduler.close();
      if (options.dataDir) stateLog?.close();
      else rmSync(uploadDir, { recursive: true, force: true });
    },
  };
  let stateLog: StateLog | undefined;
  if (options.dataDir) {
    restoreState(deps, saved);
    const startEvents = (): StateEvent[] => [
      { e: "start", format: 1, clock: clock.mode, manualStart: clock.now() },
      { e: "shift", ms: time.globalShiftMs },
    ];
    stateLog = new StateLog(options.dataDir, { idsPosition: () => deps.ids.position ?? 0, startEvents });
    if (!savedStart) for (const event of startEvents()) stateLog.record(event);
    deps.recorder = stateLog;
    webhookLog.observe((attempt) => deps.recorder.record({ e: "webhook", attempt }));
  }
  return deps;
}

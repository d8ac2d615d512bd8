/**
 * Everything a running mock depends on, built once and passed to {@link createApp}. Nothing is a module-level
 * singleton, so each test can build its own world (manual clock, scenario, quiet logger) in one call.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
  readonly ids: Ids & { reseed?(seed: number | undefined): void };
  readonly tenants: TenantRegistry;
  /** The start-up scenario, the one in force, and the named ones for `x-mock-scenario`. */
  readonly scenarios: Scenarios;
  /** What clients sent and got. */
  readonly journal: RequestJournal;
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
  /** Directory for uploaded files; removed on {@link AppDeps.close}. */
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
}

/** Builds the services of one mock instance. */
export function createDeps(options: DepsOptions = {}): AppDeps {
  const clock = typeof options.clock === "object" ? options.clock : createClock(options.clock ?? "real", options.clockStart);
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
  const uploadDir = mkdtempSync(join(tmpdir(), "sync-mock-uploads-"));
  const publicUrl = options.publicUrl;
  return {
    time,
    scheduler,
    ids,
    tenants,
    scenarios,
    journal: new RequestJournal(),
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
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * The composition root: builds everything a running mock depends on ({@link AppDeps}), once, for
 * {@link createApp}. Nothing is a module-level singleton, so each test can build its own world (manual clock,
 * scenario, quiet logger) in one call. The state store is chosen here and only here: in memory (the default), or
 * a Redis connection opened beforehand (`store/redis/connection.ts`) that several replicas share.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino, type Logger } from "pino";
import { AdminEventHub } from "./admin/events.js";
import { DEFAULT_WEBHOOK_SECRET } from "./config.js";
import { createClock, TenantTime, type Clock, type ClockMode } from "./domain/clock.js";
import { ReseedableIds, type Ids } from "./domain/ids.js";
import { afterIo, Scheduler } from "./domain/scheduler.js";
import { RequestJournal } from "./journal/journal.js";
import { NO_RECORDER } from "./persistence/events.js";
import { webhookJobs } from "./resources/webhook-jobs.js";
import { Scenarios } from "./scenarios/active.js";
import { loadScenarioFile, loadScenarioLibrary } from "./scenarios/load.js";
import type { Scenario } from "./scenarios/scenario.schema.js";
import type { AppDeps } from "./services.js";
import type { BackendContext, StoreFactory } from "./store/backend.js";
import { createMemoryBackend } from "./store/memory.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { announcingWebhookLog, webhookEvent } from "./webhooks/webhook-log.js";

export type { AppDeps } from "./services.js";
export type { StoreFactory } from "./store/backend.js";

/** The MP4 every completed generation serves (a real, playable 2 s clip). */
export const RESULT_VIDEO_PATH = fileURLToPath(new URL("../assets/result.mp4", import.meta.url));


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
  /** Uploads go to `<dataDir>/uploads` and stay there on close (the state log is written by the server). */
  dataDir?: string;
  /** Where the state is kept: memory by default, or a connected Redis store (`connectRedisStore`). */
  store?: StoreFactory;
  /** When set, every `/__mock` route needs it (see http/middleware/admin-token.ts). */
  adminToken?: string;
}

/** Builds the services of one mock instance. */
export function createDeps(options: DepsOptions = {}): AppDeps {
  const mode = typeof options.clock === "object" ? options.clock.mode : (options.clock ?? "real");
  const clock =
    typeof options.clock === "object" ? options.clock : options.store ? options.store.clock(mode, options.clockStart) : createClock(mode, options.clockStart);
  const time = new TenantTime(clock);
  const scenarios = new Scenarios(options.scenario ?? loadScenarioFile(), loadScenarioLibrary(options.scenarioDirs ?? []));
  const scenario = () => scenarios.active();
  const webhookSecret = options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
  const scheduler = new Scheduler(time);
  const ids = options.ids ?? new ReseedableIds(scenarios.initial.seed, options.store?.idsSalt);
  const logger = options.logger ?? pino({ level: "silent" });
  const context: BackendContext = { time, scheduler, scenarios, ids, defaultWebhookSecret: webhookSecret, logger };
  const backend = options.store ? options.store.create(context) : createMemoryBackend(context);
  const journal = new RequestJournal();
  const events = new AdminEventHub(journal, (ms) => scheduler.sleep(ms), afterIo);
  // Every attempt this process makes is announced to open event streams (deps.webhookLog stays the store's
  // own: the state log observes it, and a restore's replayed attempts are not news).
  const announcingLog = announcingWebhookLog(backend.webhookLog, (attempt) => events.publish(webhookEvent(attempt)));
  const publicUrl = typeof options.publicUrl === "function" ? options.publicUrl : () => (options.publicUrl as string | undefined) ?? "http://localhost:8080";
  const webhooks = new WebhookDispatcher({
    queue: backend.queue,
    scheduler,
    tenants: backend.tenants,
    log: announcingLog,
    jobs: webhookJobs(publicUrl),
    ids,
    scenario,
    logger,
  });
  backend.startDeliveries(webhooks.run);
  const uploadDir = options.dataDir ? join(options.dataDir, "uploads") : mkdtempSync(join(tmpdir(), "sync-mock-uploads-"));
  mkdirSync(uploadDir, { recursive: true });
  return {
    time,
    scheduler,
    ids,
    tenants: backend.tenants,
    scenarios,
    journal,
    events,
    recorder: NO_RECORDER,
    webhookLog: backend.webhookLog,
    queue: backend.queue,
    webhooks,
    files: backend.files,
    store: backend.info,
    logger,
    scenario,
    publicUrl,
    webhookSecret,
    adminToken: options.adminToken,
    uploadDir,
    resultVideo: readFileSync(RESULT_VIDEO_PATH),
    async close() {
      events.close();
      scheduler.close();
      await backend.close();
      if (!options.dataDir) rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

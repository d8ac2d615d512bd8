/**
 * What a running mock is made of: the services {@link createDeps} (the composition root, `deps.ts`) builds and
 * passes to `createApp`. Everything below the composition root depends on this description, never on
 * `deps.ts` itself, so the root is imported by nobody it builds.
 */
import type { Logger } from "pino";
import type { AdminEventHub } from "./admin/events.js";
import type { TenantTime } from "./domain/clock.js";
import type { Ids } from "./domain/ids.js";
import type { Scheduler } from "./domain/scheduler.js";
import type { RequestJournal } from "./journal/journal.js";
import type { StateRecorder } from "./persistence/events.js";
import type { AssetFiles } from "./resources/assets/assets.files.js";
import type { Scenarios } from "./scenarios/active.js";
import type { Scenario } from "./scenarios/scenario.schema.js";
import type { TenantRegistry } from "./tenants/registry.js";
import type { DeliveryQueue } from "./webhooks/delivery.js";
import type { WebhookDispatcher } from "./webhooks/dispatcher.js";
import type { WebhookLog } from "./webhooks/webhook-log.js";

/** Where the state is kept, for health answers. */
export interface StoreInfo {
  readonly kind: "memory" | "redis";
  /** Where (the Redis URL without credentials, or "this process"). */
  readonly location: string;
  /** Whether the store answers now (Redis connected). */
  available(): boolean;
  /** What to tell the client when `error` means the store cannot be reached (a 503), else undefined. */
  unavailable(error: unknown): string | undefined;
}

/** The services of one mock instance. */
export interface AppDeps {
  readonly time: TenantTime;
  readonly scheduler: Scheduler;
  /** Ids and chance; reseeded from the active scenario's `seed` when it changes (unless fixed by the caller). */
  readonly ids: Ids & { reseed?(seed: number | undefined): void; skipTo?(position: number): void; readonly position?: number };
  /** The tenants and what changes them all (clock, scenario in force, resets). */
  readonly tenants: TenantRegistry;
  /** The start-up scenario, the one in force, and the named ones for `x-mock-scenario`. */
  readonly scenarios: Scenarios;
  /** What clients sent and got (kept by each process). */
  readonly journal: RequestJournal;
  /** Live events of the admin plane (`GET /__mock/events`); costs nothing while no stream is open. */
  readonly events: AdminEventHub;
  /** Where changes of state are recorded for a restart (`--data-dir`); records nothing by default. */
  recorder: StateRecorder;
  /** Every webhook attempt. */
  readonly webhookLog: WebhookLog;
  /** Where webhook deliveries wait for their time. */
  readonly queue: DeliveryQueue;
  /** Sends webhooks when jobs finish. */
  readonly webhooks: WebhookDispatcher;
  /** The bytes of uploaded assets. */
  readonly files: AssetFiles;
  /** Where the state is kept. */
  readonly store: StoreInfo;
  readonly logger: Logger;
  /** The scenario in force for everyone (the admin plane may replace it; a key or a request may override it). */
  scenario(): Scenario;
  /** Base of every URL handed out, without a trailing slash. */
  publicUrl(): string;
  readonly webhookSecret: string;
  /** The token the admin plane needs, if any (`--admin-token`). */
  readonly adminToken: string | undefined;
  /** Directory where uploads are streamed to first; removed on {@link AppDeps.close} unless it is in the data directory. */
  readonly uploadDir: string;
  /** Bytes of the result video. */
  readonly resultVideo: Buffer;
  /** Stops timers, closes the store's connections and removes uploaded files. */
  close(): Promise<void>;
}

/**
 * A state store: everything of a mock's state that its replicas must share, behind the interfaces the rest of
 * the mock uses. The composition root (`deps.ts`) builds one, in memory (the default) or on Redis.
 */
import type { Logger } from "pino";
import type { Clock, ClockMode, TenantTime } from "../domain/clock.js";
import type { Ids } from "../domain/ids.js";
import type { Scheduler } from "../domain/scheduler.js";
import type { AssetFiles } from "../resources/assets/assets.files.js";
import type { Scenarios } from "../scenarios/active.js";
import type { StoreInfo } from "../services.js";
import type { TenantRegistry } from "../tenants/registry.js";
import type { DeliveryQueue, DeliveryRunner } from "../webhooks/delivery.js";
import type { WebhookLog } from "../webhooks/webhook-log.js";

/** What a store is built from. */
export interface BackendContext {
  readonly time: TenantTime;
  readonly scheduler: Scheduler;
  readonly scenarios: Scenarios;
  readonly ids: Ids & { reseed?(seed: number | undefined): void };
  /** Signs webhooks of keys the scenario gives no secret of their own. */
  readonly defaultWebhookSecret: string;
  readonly logger?: Logger | undefined;
}

/** The shared state of a mock. */
export interface StateBackend {
  readonly info: StoreInfo;
  readonly tenants: TenantRegistry;
  readonly webhookLog: WebhookLog;
  readonly queue: DeliveryQueue;
  readonly files: AssetFiles;
  /** Sets who makes the deliveries (the dispatcher, built on the store). */
  startDeliveries(run: DeliveryRunner): void;
  /** Closes connections (deliveries in flight are left to finish by the caller). */
  close(): Promise<void>;
}

/** A store other than memory: builds itself on the clock, scheduler and scenarios of the mock. */
export interface StoreFactory {
  /** The base clock the store's replicas share (a manual clock's start comes from the store). */
  clock(mode: ClockMode, start?: number): Clock;
  /** Mixed into scenario seeds (see ReseedableIds): 0 for the first replica. */
  readonly idsSalt?: number;
  create(context: BackendContext): StateBackend;
}

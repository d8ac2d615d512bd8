/**
 * Making webhook deliveries. A job with a webhook URL queues its first delivery when it is stored (time-driven
 * jobs: for the moment they end; poll-driven ones: when a poll ends them); the queue hands each delivery here
 * when the job's clock reaches it. Each attempt is signed, faults from the scenario are applied, the outcome is
 * logged, and retries (if the scenario asks for any) are queued on the same clock.
 */
import type { Logger } from "pino";
import type { Awaitable } from "../domain/awaitable.js";
import { isoTime, wallClockSeconds } from "../domain/clock.js";
import { globMatch } from "../domain/glob.js";
import type { Ids } from "../domain/ids.js";
import type { Scheduler } from "../domain/scheduler.js";
import type { Scenario, WebhookPolicy } from "../scenarios/scenario.schema.js";
import type { TenantRegistry } from "../tenants/registry.js";
import type { Tenant } from "../tenants/tenant.js";
import { deliveryId, type Delivery, type DeliveryQueue } from "./delivery.js";
import { postWebhook } from "./send.js";
import { SIGNATURE_HEADER, signatureHeader } from "./signing.js";
import type { DeliveryAttempt, WebhookLog } from "./webhook-log.js";

/** What a delivery sends: the job's payload as it is now, and the webhook policy it was created under. */
export interface WebhookJob {
  readonly payload: unknown;
  readonly policy: WebhookPolicy;
}

/** Finds a delivery's job (undefined when it is gone). */
export type WebhookJobs = (tenant: Tenant, jobType: Delivery["jobType"], jobId: string) => Awaitable<WebhookJob | undefined>;

/** What the dispatcher needs. */
export interface DispatcherDeps {
  readonly queue: DeliveryQueue;
  readonly scheduler: Scheduler;
  readonly tenants: TenantRegistry;
  readonly log: WebhookLog;
  readonly jobs: WebhookJobs;
  readonly ids: Ids;
  readonly scenario: () => Scenario;
  readonly logger?: Logger;
}

interface Attempt {
  readonly tenant: Tenant;
  readonly delivery: Pick<Delivery, "jobId" | "jobType" | "event" | "url" | "attempt">;
  readonly policy: WebhookPolicy;
  readonly body: string;
  readonly redeliveryOf: string | null;
}

// Deviation: the real sender's User-Agent is undocumented; this one says where the request comes from.
const USER_AGENT = "Sync-Webhooks (sync-mock)";
const DEFAULT_DELAY_MS = 5_000;
// Enough parallel deliveries to finish a 500-item batch quickly without opening hundreds of sockets at once.
const MAX_IN_FLIGHT = 64;

/** Sends, records and retries webhooks. */
export class WebhookDispatcher {
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  #reorderBuffer: Array<() => void> | undefined;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Makes one queued delivery (and queues what follows it: a retry, or the attempt a `delay` fault postponed). */
  readonly run = async (delivery: Delivery): Promise<void> => {
    const { queue } = this.deps;
    let next: Delivery | null = null;
    try {
      next = await this.#attempt(delivery);
    } finally {
      await queue.finish(delivery, next);
    }
  };

  /** Sends an earlier attempt's body again, now, freshly signed; resolves with the new attempt. */
  async redeliver(previous: DeliveryAttempt): Promise<DeliveryAttempt | undefined> {
    const tenant = await this.deps.tenants.peek(previous.tenant);
    if (!tenant) return undefined;
    const attempt: Attempt = { tenant, delivery: previous, policy: this.deps.scenario().webhooks, body: previous.request.body, redeliveryOf: previous.id };
    return (await this.#send(attempt, [])).recorded;
  }

  /** One attempt with the scenario's faults applied; returns the delivery to queue after it, if any. */
  async #attempt(delivery: Delivery): Promise<Delivery | null> {
    // A tenant reset since the delivery was queued forgets it.
    const tenant = await this.deps.tenants.peek(delivery.tenant);
    if (!tenant || tenant.epoch !== delivery.epoch) return null;
    const job = await this.deps.jobs(tenant, delivery.jobType, delivery.jobId);
    if (!job) return null;
    const faults = job.policy.faults.filter(
      (f) => (f.url === undefined || globMatch(f.url, delivery.url)) && (f.job === undefined || f.job === delivery.jobType),
    );
    const delay = faults.find((f) => f.fault === "delay");
    if (delay && !delivery.delayed) {
      const dueAt = tenant.now() + (delay.delayMs ?? DEFAULT_DELAY_MS);
      return { ...delivery, id: deliveryId(delivery.epoch, delivery.jobId, delivery.attempt, true), dueAt, delayed: true };
    }
    const names = faults.map((f) => f.fault);
    if (names.includes("reorder")) await this.#reordered();
    const attempt: Attempt = { tenant, delivery, policy: job.policy, body: JSON.stringify(job.payload), redeliveryOf: null };
    const { nextRetryAt } = await this.#send(attempt, names);
    if (names.includes("duplicate")) await this.#send(attempt, names);
    if (nextRetryAt === null) return null;
    const number = delivery.attempt + 1;
    return { ...delivery, id: deliveryId(delivery.epoch, delivery.jobId, number), attempt: number, dueAt: nextRetryAt, delayed: true };
  }

  /** Holds a delivery until the others due in the same instant have started, then lets the held ones go last-first. */
  #reordered(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#reorderBuffer) {
        const buffer: Array<() => void> = [];
        this.#reorderBuffer = buffer;
        // Every delivery due in one run of the queue starts at once, so a macrotask later they are all in.
        void this.deps.scheduler.sleep(0).then(() => {
          this.#reorderBuffer = undefined;
          for (const release of buffer.reverse()) release();
        });
      }
      this.#reorderBuffer.push(resolve);
    });
  }

  /** Sends (or drops) one attempt and records it; says when the retry is due, if one should follow. */
  async #send(attempt: Attempt, faults: string[]): Promise<{ recorded: DeliveryAttempt; nextRetryAt: number | null }> {
    const { tenant, delivery, policy, body } = attempt;
    const timestamp = wallClockSeconds();
    const secret = faults.includes("bad_signature") ? `${tenant.webhookSecret}-wrong` : tenant.webhookSecret;
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": USER_AGENT,
      [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
    };
    const base = {
      id: this.deps.ids.uuid(),
      tenant: tenant.apiKey,
      jobId: delivery.jobId,
      jobType: delivery.jobType,
      event: delivery.event,
      url: delivery.url,
      attempt: delivery.attempt,
      redeliveryOf: attempt.redeliveryOf,
      faults,
      request: { headers, body },
      sentAt: isoTime(tenant.now()),
    };
    if (faults.includes("drop")) {
      // A dropped webhook is lost silently, as on a broken network: the sender does not know, so it never retries.
      const dropped: DeliveryAttempt = { ...base, response: null, error: "dropped by the scenario", outcome: "dropped", latencyMs: 0, nextRetryAt: null };
      await this.deps.log.record(dropped);
      return { recorded: dropped, nextRetryAt: null };
    }
    const result = await this.#limited(() => postWebhook(this.deps.scheduler, delivery.url, headers, body, policy.timeoutMs));
    const delivered = result.response !== null && result.response.status >= 200 && result.response.status < 300;
    const retries = !delivered && attempt.redeliveryOf === null && delivery.attempt < policy.attempts;
    const nextRetryAt = retries ? tenant.now() + policy.backoffMs * policy.backoffFactor ** (delivery.attempt - 1) : null;
    const recorded: DeliveryAttempt = {
      ...base,
      ...result,
      outcome: delivered ? "delivered" : "failed",
      nextRetryAt: nextRetryAt === null ? null : isoTime(nextRetryAt),
    };
    await this.deps.log.record(recorded);
    this.deps.logger?.[delivered ? "info" : "warn"](
      { deliveryId: recorded.id, jobId: recorded.jobId, tenant: recorded.tenant, url: recorded.url, attempt: recorded.attempt, status: recorded.response?.status, error: recorded.error, ms: recorded.latencyMs },
      "webhook",
    );
    return { recorded, nextRetryAt };
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#inFlight++;
    try {
      return await work();
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }
}

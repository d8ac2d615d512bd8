/**
 * Webhook delivery on the clock. A job with a webhook URL registers its notification when it is created; the
 * scheduler runs it when the job's clock reaches the terminal time (real mode: at that moment; manual mode:
 * inside the advance that gets there). Each attempt is signed, faults from the scenario are applied, the
 * outcome is logged, and retries (if the scenario asks for any) are scheduled on the same clock.
 */
import { isoTime, wallClockSeconds } from "../domain/clock.js";
import { globMatch } from "../domain/glob.js";
import type { Logger } from "pino";
import type { Ids } from "../domain/ids.js";
import type { Scheduler } from "../domain/scheduler.js";
import type { Scenario, WebhookPolicy } from "../scenarios/scenario.schema.js";
import type { TenantRegistry } from "../tenants/registry.js";
import type { Tenant } from "../tenants/tenant.js";
import { postWebhook } from "./send.js";
import { SIGNATURE_HEADER, signatureHeader } from "./signing.js";
import type { DeliveryAttempt, WebhookLog } from "./webhook-log.js";

/** A notification to deliver once its job is done. */
export interface Notification {
  readonly jobId: string;
  readonly jobType: "generation" | "batch";
  /** The terminal status it reports (decides whether REJECTED ones are sent). */
  readonly event: string;
  readonly url: string;
  /** Tenant time at which the job becomes terminal. */
  readonly dueAt: number;
  /** Builds the payload at delivery time (so it shows the job as it is then). */
  readonly payload: () => unknown;
  /** How to deliver it: the webhook policy of the scenario the job was created under. */
  readonly policy: WebhookPolicy;
}

/** What the dispatcher needs. */
export interface DispatcherDeps {
  readonly scheduler: Scheduler;
  readonly tenants: TenantRegistry;
  readonly log: WebhookLog;
  readonly ids: Ids;
  readonly scenario: () => Scenario;
  readonly logger?: Logger;
}

interface Attempt {
  readonly tenant: Tenant;
  readonly notification: Notification;
  readonly body: string;
  readonly number: number;
  readonly redeliveryOf: string | null;
  /** Whether a `delay` fault has already postponed it. */
  readonly delayed: boolean;
}

// Deviation: the real sender's User-Agent is undocumented; this one says where the request comes from.
const USER_AGENT = "Sync-Webhooks (sync-mock)";
const DEFAULT_DELAY_MS = 5_000;
// Enough parallel deliveries to finish a 500-item batch quickly without opening hundreds of sockets at once.
const MAX_IN_FLIGHT = 64;

/** Schedules, sends, records and retries webhooks. */
export class WebhookDispatcher {
  #inFlight = 0;
  readonly #queue: Array<() => void> = [];
  #reorderBuffer: Array<() => void> | undefined;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Registers a job's notification; it is sent when the job's clock reaches `dueAt`. */
  notify(tenant: Tenant, notification: Notification): void {
    if (!Number.isFinite(notification.dueAt)) return;
    if (notification.event === "REJECTED" && !notification.policy.sendRejected) return;
    this.deps.scheduler.at(notification.dueAt, tenant, () => this.#first(tenant, notification));
  }

  /**
   * Continues a notification after a restart: attempt number `attempt` is made when the tenant's clock reaches
   * `dueAt` (a retry that was pending, or a first attempt that was never recorded).
   */
  resume(tenant: Tenant, notification: Notification, attempt: number, dueAt: number): void {
    this.deps.scheduler.at(dueAt, tenant, () =>
      this.#attempt({ tenant, notification, body: JSON.stringify(notification.payload()), number: attempt, redeliveryOf: null, delayed: attempt > 1 }),
    );
  }

  /** Sends an earlier attempt's body again, now, freshly signed; resolves with the new attempt. */
  async redeliver(previous: DeliveryAttempt): Promise<DeliveryAttempt | undefined> {
    const tenant = this.deps.tenants.peek(previous.tenant);
    if (!tenant) return undefined;
    const notification: Notification = {
      jobId: previous.jobId,
      jobType: previous.jobType,
      event: previous.event,
      url: previous.url,
      dueAt: tenant.now(),
      payload: () => JSON.parse(previous.request.body),
      policy: this.deps.scenario().webhooks,
    };
    const attempt: Attempt = { tenant, notification, body: previous.request.body, number: previous.attempt, redeliveryOf: previous.id, delayed: true };
    return (await this.#send(attempt, [])).recorded;
  }

  #faultsFor(notification: Notification): WebhookPolicy["faults"] {
    return notification.policy.faults.filter(
      (f) => (f.url === undefined || globMatch(f.url, notification.url)) && (f.job === undefined || f.job === notification.jobType),
    );
  }

  async #first(tenant: Tenant, notification: Notification): Promise<void> {
    // A tenant reset since scheduling forgets its pending webhooks.
    if (this.deps.tenants.peek(tenant.apiKey) !== tenant) return;
    const body = JSON.stringify(notification.payload());
    await this.#attempt({ tenant, notification, body, number: 1, redeliveryOf: null, delayed: false });
  }

  /** One attempt (and its retry, if it fails and the policy allows more), with the scenario's faults applied. */
  async #attempt(attempt: Attempt): Promise<void> {
    if (this.deps.tenants.peek(attempt.tenant.apiKey) !== attempt.tenant) return;
    const faults = this.#faultsFor(attempt.notification);
    const delay = faults.find((f) => f.fault === "delay");
    if (delay && !attempt.delayed) {
      const due = attempt.tenant.now() + (delay.delayMs ?? DEFAULT_DELAY_MS);
      this.deps.scheduler.at(due, attempt.tenant, () => this.#attempt({ ...attempt, delayed: true }));
      return;
    }
    const names = faults.map((f) => f.fault);
    if (names.includes("reorder")) await this.#reordered();
    const { nextRetryAt } = await this.#send(attempt, names);
    if (names.includes("duplicate")) await this.#send(attempt, names);
    if (nextRetryAt !== null) {
      const next: Attempt = { ...attempt, number: attempt.number + 1, delayed: true };
      this.deps.scheduler.at(nextRetryAt, attempt.tenant, () => this.#attempt(next));
    }
  }

  /** Holds a delivery until the others due in the same instant have started, then lets the held ones go last-first. */
  #reordered(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.#reorderBuffer) {
        const buffer: Array<() => void> = [];
        this.#reorderBuffer = buffer;
        // Every task due in one scheduler run starts synchronously, so a macrotask later they are all in.
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
    const { tenant, notification, body } = attempt;
    const policy = notification.policy;
    const timestamp = wallClockSeconds();
    const secret = faults.includes("bad_signature") ? `${tenant.webhookSecret}-wrong` : tenant.webhookSecret;
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": USER_AGENT,
      [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
    };
    const sentAt = tenant.now();
    const base = {
      id: this.deps.ids.uuid(),
      tenant: tenant.apiKey,
      jobId: notification.jobId,
      jobType: notification.jobType,
      event: notification.event,
      url: notification.url,
      attempt: attempt.number,
      redeliveryOf: attempt.redeliveryOf,
      faults,
      request: { headers, body },
      sentAt: isoTime(sentAt),
    };
    if (faults.includes("drop")) {
      // A dropped webhook is lost silently, as on a broken network: the sender does not know, so it never retries.
      const dropped: DeliveryAttempt = { ...base, response: null, error: "dropped by the scenario", outcome: "dropped", latencyMs: 0, nextRetryAt: null };
      this.deps.log.record(dropped);
      return { recorded: dropped, nextRetryAt: null };
    }
    const result = await this.#limited(() => postWebhook(this.deps.scheduler, notification.url, headers, body, policy.timeoutMs));
    const delivered = result.response !== null && result.response.status >= 200 && result.response.status < 300;
    const retries = !delivered && attempt.redeliveryOf === null && attempt.number < policy.attempts;
    const nextRetryAt = retries ? tenant.now() + policy.backoffMs * policy.backoffFactor ** (attempt.number - 1) : null;
    const recorded: DeliveryAttempt = {
      ...base,
      ...result,
      outcome: delivered ? "delivered" : "failed",
      nextRetryAt: nextRetryAt === null ? null : isoTime(nextRetryAt),
    };
    this.deps.log.record(recorded);
    this.deps.logger?.[delivered ? "info" : "warn"](
      { deliveryId: recorded.id, jobId: recorded.jobId, tenant: recorded.tenant, url: recorded.url, attempt: recorded.attempt, status: recorded.response?.status, error: recorded.error, ms: recorded.latencyMs },
      "webhook",
    );
    return { recorded, nextRetryAt };
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#inFlight++;
    try {
      return await work();
    } finally {
      this.#inFlight--;
      this.#queue.shift()?.();
    }
  }
}

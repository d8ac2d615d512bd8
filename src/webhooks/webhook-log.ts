/**
 * Every webhook attempt the mock made, newest last, with what was sent and what came back. Admin calls read
 * it; tests wait on it. {@link WebhookLog} is what the rest of the mock uses; {@link MemoryWebhookLog} keeps
 * it in this process (the Redis store keeps it where every replica sees it).
 */
import { andThen, type Awaitable } from "../domain/awaitable.js";

/** How an attempt ended. */
export type DeliveryOutcome = "delivered" | "failed" | "dropped";

/** One attempt to deliver one webhook. */
export interface DeliveryAttempt {
  readonly id: string;
  /** The API key (tenant) the job belongs to. */
  readonly tenant: string;
  readonly jobId: string;
  readonly jobType: "generation" | "batch";
  /** The job's status the notification reports. */
  readonly event: string;
  readonly url: string;
  /** 1 for the first try, then 2, 3… for retries. */
  readonly attempt: number;
  /** Set when an admin asked for this attempt again. */
  readonly redeliveryOf: string | null;
  /** Faults the scenario applied to this attempt. */
  readonly faults: string[];
  readonly request: { readonly headers: Readonly<Record<string, string>>; readonly body: string };
  /** The receiver's answer (body cut at 2 KB), or null when none came. */
  readonly response: { readonly status: number; readonly body: string } | null;
  /** Why no answer came (refused, reset, timeout…), or null. */
  readonly error: string | null;
  readonly outcome: DeliveryOutcome;
  /** Real milliseconds from send to answer or error. */
  readonly latencyMs: number;
  /** Tenant time when sent (ISO). */
  readonly sentAt: string;
  /** Tenant time of the next retry (ISO), or null when none will follow. */
  readonly nextRetryAt: string | null;
}

/** What to look for in the log. */
export interface DeliveryFilter {
  readonly tenant?: string | undefined;
  readonly jobId?: string | undefined;
  readonly outcome?: DeliveryOutcome | undefined;
}

/** Whether an attempt is one the filter looks for. */
export function matchesDelivery(attempt: DeliveryAttempt, filter: DeliveryFilter): boolean {
  return (
    (filter.tenant === undefined || attempt.tenant === filter.tenant) &&
    (filter.jobId === undefined || attempt.jobId === filter.jobId) &&
    (filter.outcome === undefined || attempt.outcome === filter.outcome)
  );
}

/** The delivery log of a mock. */
export interface WebhookLog {
  /** Records an attempt and wakes whoever waits for one like it. */
  record(attempt: DeliveryAttempt): Awaitable<void>;
  /** An attempt by id. */
  get(id: string): Awaitable<DeliveryAttempt | undefined>;
  /** Matching attempts, newest first. */
  list(filter?: DeliveryFilter): Awaitable<DeliveryAttempt[]>;
  /**
   * The newest matching attempt, or the first to be recorded before `wait` settles (it resolves when the
   * caller's timeout passes); undefined if none came.
   */
  waitFor(filter: DeliveryFilter, wait: (abort: AbortSignal) => Promise<void>): Promise<DeliveryAttempt | undefined>;
}

/**
 * The newest matching attempt `newest` finds, or the first one announced to `listeners` before `wait` settles
 * (undefined if none came). It listens before it looks, so an attempt recorded in between is not missed.
 */
export async function awaitAttempt(
  listeners: Set<(attempt: DeliveryAttempt) => void>,
  filter: DeliveryFilter,
  newest: () => Awaitable<DeliveryAttempt | undefined>,
  wait: (abort: AbortSignal) => Promise<void>,
): Promise<DeliveryAttempt | undefined> {
  const abort = new AbortController();
  let found: DeliveryAttempt | undefined;
  const listener = (attempt: DeliveryAttempt) => {
    if (!found && matchesDelivery(attempt, filter)) {
      found = attempt;
      abort.abort();
    }
  };
  listeners.add(listener);
  try {
    const existing = await newest();
    if (existing) return existing;
    if (!found) await wait(abort.signal);
  } finally {
    listeners.delete(listener);
  }
  return found;
}

/** The delivery log of a mock, in this process. */
export class MemoryWebhookLog implements WebhookLog {
  #attempts: DeliveryAttempt[] = [];
  readonly #byId = new Map<string, DeliveryAttempt>();
  readonly #listeners = new Set<(attempt: DeliveryAttempt) => void>();
  #observer: ((attempt: DeliveryAttempt) => void) | undefined;

  /** Calls `observer` with every attempt recorded from now on (the state log keeps them for a restart). */
  observe(observer: ((attempt: DeliveryAttempt) => void) | undefined): void {
    this.#observer = observer;
  }

  /** Records an attempt and wakes whoever waits for one like it. */
  record(attempt: DeliveryAttempt): void {
    this.#observer?.(attempt);
    this.#attempts.push(attempt);
    this.#byId.set(attempt.id, attempt);
    for (const listener of [...this.#listeners]) listener(attempt);
  }

  /** An attempt by id. */
  get(id: string): DeliveryAttempt | undefined {
    return this.#byId.get(id);
  }

  /** Matching attempts, newest first. */
  list(filter: DeliveryFilter = {}): DeliveryAttempt[] {
    const out: DeliveryAttempt[] = [];
    for (let i = this.#attempts.length - 1; i >= 0; i--) {
      const attempt = this.#attempts[i]!;
      if (matchesDelivery(attempt, filter)) out.push(attempt);
    }
    return out;
  }

  /**
   * The newest matching attempt, or the first to be recorded before `wait` settles (it resolves when the
   * caller's timeout passes); undefined if none came.
   */
  waitFor(filter: DeliveryFilter, wait: (abort: AbortSignal) => Promise<void>): Promise<DeliveryAttempt | undefined> {
    return awaitAttempt(this.#listeners, filter, () => this.list(filter)[0], wait);
  }

  /** Forgets one tenant's attempts, or all. */
  reset(tenant?: string): void {
    this.#attempts = tenant === undefined ? [] : this.#attempts.filter((a) => a.tenant !== tenant);
    this.#byId.clear();
    for (const attempt of this.#attempts) this.#byId.set(attempt.id, attempt);
  }

  /** Number of attempts recorded. */
  get size(): number {
    return this.#attempts.length;
  }
}

/** `log`, with `announce` called after each attempt it records (for live event streams). */
export function announcingWebhookLog(log: WebhookLog, announce: (attempt: DeliveryAttempt) => void): WebhookLog {
  return {
    record: (attempt) => andThen(log.record(attempt), () => announce(attempt)),
    get: (id) => log.get(id),
    list: (filter) => log.list(filter),
    waitFor: (filter, wait) => log.waitFor(filter, wait),
  };
}

/** An attempt as a live event: what a list shows, without the bodies (read the attempt for those). */
export function webhookEvent(attempt: DeliveryAttempt) {
  const { id, tenant, jobId, jobType, event, url, attempt: number, redeliveryOf, outcome, latencyMs, sentAt, nextRetryAt, error } = attempt;
  return {
    type: "webhook" as const,
    tenant,
    id,
    data: { id, jobId, jobType, event, url, attempt: number, redeliveryOf, outcome, status: attempt.response?.status ?? null, error, latencyMs, sentAt, nextRetryAt },
  };
}

/**
 * A webhook attempt waiting for its time, as data: which job, which attempt, when. Being data (not a closure), a
 * delivery can wait in a shared queue (Redis) and be made by whichever replica claims it; its payload is built
 * from the job when it is sent, so it shows the job as it is then.
 */
import type { Awaitable } from "../domain/awaitable.js";

/** One attempt to make once the tenant's clock reaches `dueAt`. */
export interface Delivery {
  /**
   * Unique per tenant epoch, job and attempt (see {@link deliveryId}), so queueing the same attempt twice (two
   * replicas that both see a poll-driven batch end) queues it once.
   */
  readonly id: string;
  /** The API key (tenant) of the job. */
  readonly tenant: string;
  /** The tenant's epoch when queued: a tenant reset since then forgets it. */
  readonly epoch: number;
  readonly jobType: "generation" | "batch";
  readonly jobId: string;
  /** The terminal status it reports. */
  readonly event: string;
  readonly url: string;
  /** Tenant time at which it is due. */
  readonly dueAt: number;
  /** 1 for the first try, then 2, 3… for retries. */
  readonly attempt: number;
  /** Whether a `delay` fault has already postponed it (it is not postponed twice). */
  readonly delayed: boolean;
}

/** The id of attempt `attempt` of a job's webhook (`~` marks one a `delay` fault postponed). */
export function deliveryId(epoch: number, jobId: string, attempt: number, delayed = false): string {
  return `${epoch}:${jobId}#${attempt}${delayed ? "~" : ""}`;
}

/** Where deliveries wait for their time, and who makes them when it comes. */
export interface DeliveryQueue {
  /** Queues deliveries (an id already queued is ignored). */
  enqueue(deliveries: readonly Delivery[]): Awaitable<void>;
  /** A delivery has been made (or dropped): releases it, and queues the one that follows it, if any. */
  finish(delivery: Delivery, next: Delivery | null): Awaitable<void>;
  /**
   * Makes every delivery that is due now and resolves when they, and those already due that they lead to, are
   * done, wherever they are made (another replica's deliveries in flight included).
   */
  runDue(): Promise<void>;
  /** Call after a clock moved: what is due may have changed. */
  clockChanged(): void;
  /** Resolves once this process's deliveries in flight are done. */
  idle(): Promise<void>;
  /** Stops taking deliveries (those in flight finish). */
  close(): void;
}

/** Makes one delivery (the dispatcher). */
export type DeliveryRunner = (delivery: Delivery) => Promise<void>;

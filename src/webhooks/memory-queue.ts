/**
 * The delivery queue of one process: each delivery is a task of the scheduler, due on its tenant's clock.
 */
import type { Scheduler, ShiftedClockOwner } from "../domain/scheduler.js";
import type { Delivery, DeliveryQueue, DeliveryRunner } from "./delivery.js";

/** Deliveries as scheduler tasks. */
export class MemoryDeliveryQueue implements DeliveryQueue {
  #run: DeliveryRunner | undefined;
  // Ids queued and not yet made, so the same attempt queued twice is made once.
  readonly #queued = new Set<string>();

  constructor(
    private readonly scheduler: Scheduler,
    /** The clock owner (tenant) of a key, if it exists. */
    private readonly ownerOf: (apiKey: string) => ShiftedClockOwner | undefined,
  ) {}

  /** Sets who makes the deliveries (the dispatcher, built after the queue). */
  start(run: DeliveryRunner): void {
    this.#run = run;
  }

  enqueue(deliveries: readonly Delivery[]): void {
    for (const delivery of deliveries) {
      const owner = this.ownerOf(delivery.tenant);
      if (!owner || this.#queued.has(delivery.id)) continue;
      this.#queued.add(delivery.id);
      this.scheduler.at(delivery.dueAt, owner, () => this.#run?.(delivery));
    }
  }

  finish(delivery: Delivery, next: Delivery | null): void {
    this.#queued.delete(delivery.id);
    if (next) this.enqueue([next]);
  }

  runDue(): Promise<void> {
    return this.scheduler.runDue();
  }

  clockChanged(): void {
    this.scheduler.clockChanged();
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  close(): void {
    this.#queued.clear();
  }
}

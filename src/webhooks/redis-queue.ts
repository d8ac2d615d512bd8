/**
 * The delivery queue every replica shares: a sorted set in Redis scored by due time on the shared clock. A
 * replica claims what is due in one script (so each delivery is made by exactly one replica) under a lease it
 * renews while the delivery runs; the claim of a replica that dies is due again once its lease runs out.
 * Every replica claims on its own (a loop woken by its scheduler at the next due time, and by other replicas'
 * events), so deliveries go out on time with no client request; an advance also drains what it made due.
 */
import type { Logger } from "pino";
import { wallClockMs, type TenantTime } from "../domain/clock.js";
import type { Scheduler } from "../domain/scheduler.js";
import type { RedisConnection } from "../store/redis/connection.js";
import { parseScore } from "../store/redis/keys.js";
import type { Delivery, DeliveryQueue, DeliveryRunner } from "./delivery.js";

/** How long a claim holds without renewal: a replica killed mid-delivery has its deliveries taken over after it. */
export const CLAIM_LEASE_MS = 5_000;
const RENEW_EVERY_MS = 1_500;
// Claimed per round trip; the dispatcher sends at most 64 at once anyway.
const CLAIM_BATCH = 64;
const MAX_LOCAL_IN_FLIGHT = 256;
// The longest a replica sleeps without looking (what another replica queued for sooner, an event missed).
const IDLE_LOOK_MS = 250;
const DOWN_RETRY_MS = 500;
// An advance that still finds deliveries held by other replicas after this long stops waiting for them.
const DRAIN_LIMIT_MS = 60_000;

interface ClaimRound {
  readonly started: Array<Promise<void>>;
  /** Common-clock score of the next delivery waiting, Infinity if none. */
  readonly next: number;
  readonly globalShift: number;
  /** Claims held by every replica (this one included). */
  readonly held: number;
}

/** The shared due queue. */
export class RedisDeliveryQueue implements DeliveryQueue {
  #run: DeliveryRunner | undefined;
  readonly #running = new Map<string, Promise<void>>();
  #wake = new AbortController();
  readonly #stop = new AbortController();
  #closed = false;
  #loops: Array<Promise<void>> = [];

  constructor(
    private readonly conn: RedisConnection,
    private readonly time: TenantTime,
    private readonly scheduler: Scheduler,
    private readonly logger?: Logger,
  ) {}

  /** Sets who makes the deliveries and starts claiming. */
  start(run: DeliveryRunner): void {
    this.#run = run;
    this.conn.onEvent((event) => {
      if (event.t === "queued" || event.t === "clock" || event.t === "reset") this.#wakeUp();
    });
    this.#loops = [this.#claimLoop(), this.#renewLoop()];
  }

  async enqueue(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const args = deliveries.flatMap((d) => [d.tenant, d.epoch, d.id, d.dueAt, JSON.stringify(d)]);
    await this.conn.script("smEnqueue", deliveries.length, ...args);
    this.conn.publish({ t: "queued" });
    this.#wakeUp();
  }

  async finish(delivery: Delivery, next: Delivery | null): Promise<void> {
    await this.conn.script("smFinish", delivery.id, delivery.tenant, delivery.epoch, next?.id ?? "", next?.dueAt ?? "", next ? JSON.stringify(next) : "");
    if (next) {
      this.conn.publish({ t: "queued" });
      this.#wakeUp();
    }
  }

  async runDue(): Promise<void> {
    // Long polls of this replica wait on the local scheduler.
    await this.scheduler.runDue();
    const deadline = wallClockMs() + DRAIN_LIMIT_MS;
    for (;;) {
      const round = await this.#claim();
      await Promise.all(round.started);
      if (round.started.length > 0) continue;
      const commonNow = this.time.base.now() + round.globalShift;
      if (round.held === 0 && round.next > commonNow) break;
      if (wallClockMs() > deadline) break;
      // Another replica holds what is due (it is making those deliveries): wait for it to finish them.
      await this.scheduler.sleep(10);
    }
  }

  clockChanged(): void {
    this.#wakeUp();
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()]);
  }

  /** Stops claiming; resolves once the loops have stopped (deliveries in flight go on: see idle). */
  close(): Promise<void> {
    this.#closed = true;
    this.#stop.abort();
    this.#wakeUp();
    return Promise.all(this.#loops).then(() => undefined);
  }

  #wakeUp(): void {
    this.#wake.abort();
  }

  async #claim(max = CLAIM_BATCH): Promise<ClaimRound> {
    const wallNow = wallClockMs();
    const [claimed, next, shift, held] = await this.conn.script<[string[], string | null, string, number]>(
      "smClaimDue",
      this.time.base.now(),
      wallNow,
      wallNow + CLAIM_LEASE_MS,
      max,
    );
    const globalShift = Number(shift);
    this.time.syncGlobalShift(globalShift);
    const started = claimed.map((json) => this.#start(JSON.parse(json) as Delivery));
    return { started, next: parseScore(next), globalShift, held };
  }

  #start(delivery: Delivery): Promise<void> {
    const running = (this.#run?.(delivery) ?? Promise.resolve())
      .catch((error: unknown) => this.logger?.warn({ err: error, deliveryId: delivery.id }, "webhook delivery failed to run; it is retried when its claim runs out"))
      .finally(() => this.#running.delete(delivery.id));
    this.#running.set(delivery.id, running);
    return running;
  }

  async #claimLoop(): Promise<void> {
    while (!this.#closed) {
      let waitMs = IDLE_LOOK_MS;
      try {
        if (this.#running.size < MAX_LOCAL_IN_FLIGHT) {
          const round = await this.#claim();
          if (round.started.length >= CLAIM_BATCH) waitMs = 0;
          else if (Number.isFinite(round.next)) {
            // The next delivery falls due when the base clock reaches its score less the common shift.
            waitMs = Math.min(IDLE_LOOK_MS, Math.max(0, round.next - round.globalShift - this.time.base.now()));
            if (this.time.base.mode === "manual" && waitMs > 0) waitMs = IDLE_LOOK_MS;
          }
        }
      } catch (error) {
        if (!this.#closed) this.logger?.debug({ err: error }, "claiming due webhooks failed (Redis unavailable?)");
        waitMs = DOWN_RETRY_MS;
      }
      if (this.#closed) break;
      await this.#sleep(waitMs);
    }
  }

  async #renewLoop(): Promise<void> {
    while (!this.#closed) {
      await this.scheduler.sleep(RENEW_EVERY_MS, this.#stop.signal);
      if (this.#closed || this.#running.size === 0) continue;
      await this.conn.script("smRenew", wallClockMs() + CLAIM_LEASE_MS, ...this.#running.keys()).catch(() => undefined);
    }
  }

  /** Sleeps on the scheduler (the one owner of timers), or not at all if woken since the last sleep. */
  async #sleep(ms: number): Promise<void> {
    if (this.#wake.signal.aborted) {
      this.#wake = new AbortController();
      return;
    }
    if (ms <= 0) return;
    await this.scheduler.sleep(ms, this.#wake.signal);
  }
}

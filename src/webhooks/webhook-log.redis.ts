/**
 * The webhook delivery log in Redis, shared by every replica: whichever replica made an attempt, any replica
 * lists it, and a wait for one on any replica ends when it is recorded (replicas tell each other by pub/sub).
 */
import type { RedisConnection } from "../store/redis/connection.js";
import type { RedisKeys } from "../store/redis/keys.js";
import { awaitAttempt, matchesDelivery, type DeliveryAttempt, type DeliveryFilter, type WebhookLog } from "./webhook-log.js";

/** The delivery log of every replica, in Redis. */
export class RedisWebhookLog implements WebhookLog {
  readonly #listeners = new Set<(attempt: DeliveryAttempt) => void>();

  constructor(
    private readonly conn: RedisConnection,
    private readonly keys: RedisKeys,
  ) {
    conn.onEvent((event) => {
      if (event.t === "attempt") this.#notify(JSON.parse(event.json) as DeliveryAttempt);
    });
  }

  #notify(attempt: DeliveryAttempt): void {
    for (const listener of [...this.#listeners]) listener(attempt);
  }

  async #world(): Promise<number> {
    return Number((await this.conn.redis.hget(this.keys.global, "world")) ?? 0);
  }

  async record(attempt: DeliveryAttempt): Promise<void> {
    const json = JSON.stringify(attempt);
    await this.conn.script("smLogAttempt", attempt.tenant, attempt.id, json);
    this.conn.publish({ t: "attempt", json });
    this.#notify(attempt);
  }

  async get(id: string): Promise<DeliveryAttempt | undefined> {
    const json = await this.conn.redis.hget(this.keys.world(await this.#world(), "wli"), id);
    return json === null ? undefined : (JSON.parse(json) as DeliveryAttempt);
  }

  async list(filter: DeliveryFilter = {}): Promise<DeliveryAttempt[]> {
    const world = await this.#world();
    const ids = await this.conn.redis.zrevrange(this.keys.world(world, "wl"), 0, -1);
    if (ids.length === 0) return [];
    const attempts = await this.conn.redis.hmget(this.keys.world(world, "wli"), ...ids);
    return attempts.flatMap((json) => {
      if (json === null) return [];
      const attempt = JSON.parse(json) as DeliveryAttempt;
      return matchesDelivery(attempt, filter) ? [attempt] : [];
    });
  }

  waitFor(filter: DeliveryFilter, wait: (abort: AbortSignal) => Promise<void>): Promise<DeliveryAttempt | undefined> {
    return awaitAttempt(this.#listeners, filter, async () => (await this.list(filter))[0], wait);
  }
}

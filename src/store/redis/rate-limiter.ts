/**
 * Request-rate windows in Redis: the sliding window of `domain/rate-limit.ts`, checked and counted by one script,
 * so the limit holds for the requests of every replica together.
 */
import type { RateDecision, RateLimiter } from "../../domain/rate-limit.js";
import type { RedisTenantRef } from "../../resources/generations/generations.redis-store.js";

/** One tenant's rate windows in Redis. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly ref: RedisTenantRef) {}

  async hit(bucket: string, now: number, limit: number, windowMs: number): Promise<RateDecision> {
    const oldest = await this.ref.conn.script<string | null>("smRateHit", this.ref.epoch, bucket, now, now - windowMs, limit);
    if (oldest === null) return { allowed: true };
    return { allowed: false, retryAfterMs: Math.max(1, Number(oldest) + windowMs - now) };
  }
}

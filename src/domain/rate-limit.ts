/**
 * A sliding-window request limiter on the tenant's clock: at most `limit` requests in any `windowMs`. Pure
 * data and arithmetic, so a manual clock makes it exact: advance the window and the limit resets.
 */

import type { Awaitable } from "./awaitable.js";

/** The answer to one request. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/** Counts requests per bucket (for the mock: a key and an endpoint), wherever the windows are kept. */
export interface RateLimiter {
  /** Records a request at `now` if it is allowed (checked and counted in one step); refused ones are not counted. */
  hit(bucket: string, now: number, limit: number, windowMs: number): Awaitable<RateDecision>;
}

/** Counts requests per bucket in this process. */
export class SlidingWindowLimiter implements RateLimiter {
  readonly #hits = new Map<string, number[]>();

  /** Records a request at `now` if it is allowed; refused ones are not counted. */
  hit(bucket: string, now: number, limit: number, windowMs: number): RateDecision {
    const since = now - windowMs;
    const hits = (this.#hits.get(bucket) ?? []).filter((t) => t > since);
    if (hits.length >= limit) {
      this.#hits.set(bucket, hits);
      return { allowed: false, retryAfterMs: Math.max(1, hits[0]! + windowMs - now) };
    }
    hits.push(now);
    this.#hits.set(bucket, hits);
    return { allowed: true };
  }
}

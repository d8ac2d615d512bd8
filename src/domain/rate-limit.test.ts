import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "./rate-limit.js";

describe("SlidingWindowLimiter", () => {
  it("allows `limit` requests in a window, then says when the oldest leaves it", () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.hit("k", 0, 2, 60_000).allowed).toBe(true);
    expect(limiter.hit("k", 10_000, 2, 60_000).allowed).toBe(true);
    expect(limiter.hit("k", 20_000, 2, 60_000)).toEqual({ allowed: false, retryAfterMs: 40_000 });
    expect(limiter.hit("k", 60_001, 2, 60_000).allowed).toBe(true);
  });

  it("keeps buckets apart", () => {
    const limiter = new SlidingWindowLimiter();
    expect(limiter.hit("a", 0, 1, 1_000).allowed).toBe(true);
    expect(limiter.hit("b", 0, 1, 1_000).allowed).toBe(true);
    expect(limiter.hit("a", 1, 1, 1_000).allowed).toBe(false);
  });

  it("does not count refused requests", () => {
    const limiter = new SlidingWindowLimiter();
    limiter.hit("k", 0, 1, 1_000);
    for (let t = 1; t < 1_000; t += 100) limiter.hit("k", t, 1, 1_000);
    expect(limiter.hit("k", 1_000, 1, 1_000).allowed).toBe(true);
  });
});

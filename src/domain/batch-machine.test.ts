import { describe, expect, it } from "vitest";
import { batchCountsAt, batchStatusAt, batchTerminalAt, firstItemStartAt, itemStatusAt, type BatchTimeline } from "./batch-machine.js";
import { planTimeline } from "./job-machine.js";

// Created at 0, items start at 500; each item is PENDING 250 ms more, then PROCESSING 1000 ms.
const durations = { pendingMs: 750, processingMs: 1_000 };
const completes = planTimeline(0, "COMPLETED", durations);
const fails = planTimeline(0, "FAILED", durations);
const rejected = planTimeline(0, "REJECTED", durations);
const slow = planTimeline(0, "COMPLETED", { pendingMs: 750, processingMs: 5_000 });
const batch = (items: BatchTimeline["items"], failsAt: number | null = null): BatchTimeline => ({ itemsStartAt: 500, items, failsAt });

describe("batchStatusAt", () => {
  const mixed = batch([completes, fails, rejected]);
  it.each([
    [0, "PENDING"],
    [499, "PENDING"],
    [500, "JOBS_CREATED"],
    [749, "JOBS_CREATED"],
    [750, "PROCESSING"],
    [1_749, "PROCESSING"],
    [1_750, "COMPLETED"],
    [1_000_000, "COMPLETED"],
  ] as const)("at %i ms is %s", (now, status) => {
    expect(batchStatusAt(mixed, now)).toBe(status);
  });

  it("stays PROCESSING until the slowest item is done", () => {
    const b = batch([completes, slow]);
    expect(batchStatusAt(b, 1_750)).toBe("PROCESSING");
    expect(batchStatusAt(b, 5_749)).toBe("PROCESSING");
    expect(batchStatusAt(b, 5_750)).toBe("COMPLETED");
    expect(batchTerminalAt(b)).toBe(5_750);
  });

  it("never completes while an item is held in a state for good", () => {
    const held = batch([completes, planTimeline(0, "COMPLETED", durations, "PROCESSING")]);
    expect(batchStatusAt(held, 10 ** 9)).toBe("PROCESSING");
    expect(batchTerminalAt(held)).toBe(Number.POSITIVE_INFINITY);
  });

  it("stays JOBS_CREATED while every item is held in PENDING", () => {
    const held = batch([planTimeline(0, "COMPLETED", durations, "PENDING")]);
    expect(firstItemStartAt(held)).toBe(Number.POSITIVE_INFINITY);
    expect(batchStatusAt(held, 10 ** 9)).toBe("JOBS_CREATED");
  });

  it("is FAILED from the moment the batch fails as a whole, and only if it was not done before", () => {
    expect(batchStatusAt(batch([completes, slow], 1_000), 999)).toBe("PROCESSING");
    expect(batchStatusAt(batch([completes, slow], 1_000), 1_000)).toBe("FAILED");
    expect(batchTerminalAt(batch([completes, slow], 1_000))).toBe(1_000);
    expect(batchStatusAt(batch([completes], 9_000), 9_000)).toBe("COMPLETED");
  });
});

describe("batchCountsAt", () => {
  const mixed = batch([completes, fails, rejected, slow]);
  it.each([
    [0, { total: 4, succeeded: 0, failed: 0, pending: 4 }],
    [750, { total: 4, succeeded: 0, failed: 1, pending: 3 }],
    [1_750, { total: 4, succeeded: 1, failed: 2, pending: 1 }],
    [5_750, { total: 4, succeeded: 2, failed: 2, pending: 0 }],
  ])("at %i ms counts %o (REJECTED as failed)", (now, counts) => {
    expect(batchCountsAt(mixed, now)).toEqual(counts);
  });

  it("counts items unfinished when the batch failed as failed, and keeps finished ones", () => {
    const failed = batch([completes, slow], 2_000);
    expect(itemStatusAt(failed, 0, 3_000)).toBe("COMPLETED");
    expect(itemStatusAt(failed, 1, 3_000)).toBe("FAILED");
    expect(itemStatusAt(failed, 1, 1_999)).toBe("PROCESSING");
    expect(batchCountsAt(failed, 3_000)).toEqual({ total: 2, succeeded: 1, failed: 1, pending: 0 });
  });
});

import { describe, expect, it } from "vitest";
import {
  assertValidTimeline,
  canMove,
  GENERATION_STATUSES,
  nextChangeAt,
  planTimeline,
  progressPercent,
  statusAt,
  terminalAt,
  TRANSITIONS,
} from "./job-machine.js";

const durations = { pendingMs: 100, processingMs: 1_000 };

describe("transitions", () => {
  it.each([
    ["PENDING", "PROCESSING", true],
    ["PENDING", "REJECTED", true],
    ["PROCESSING", "COMPLETED", true],
    ["PROCESSING", "FAILED", true],
    ["PENDING", "COMPLETED", false],
    ["PENDING", "FAILED", false],
    ["PROCESSING", "PENDING", false],
    ["PROCESSING", "REJECTED", false],
    ["COMPLETED", "FAILED", false],
    ["FAILED", "PROCESSING", false],
    ["REJECTED", "PENDING", false],
  ] as const)("%s → %s is %s", (from, to, legal) => {
    expect(canMove(from, to)).toBe(legal);
  });

  it("never leaves a terminal state", () => {
    for (const [from] of TRANSITIONS) expect(["COMPLETED", "FAILED", "REJECTED"]).not.toContain(from);
    expect(GENERATION_STATUSES).toHaveLength(5);
  });
});

describe("planTimeline", () => {
  it("goes PENDING → PROCESSING → COMPLETED on schedule", () => {
    const t = planTimeline(0, "COMPLETED", durations);
    expect(statusAt(t, 0)).toBe("PENDING");
    expect(statusAt(t, 99)).toBe("PENDING");
    expect(statusAt(t, 100)).toBe("PROCESSING");
    expect(statusAt(t, 1_099)).toBe("PROCESSING");
    expect(statusAt(t, 1_100)).toBe("COMPLETED");
    expect(terminalAt(t)).toBe(1_100);
  });

  it("ends FAILED after processing", () => {
    const t = planTimeline(0, "FAILED", durations);
    expect(t.map((s) => s.status)).toEqual(["PENDING", "PROCESSING", "FAILED"]);
  });

  it("rejects straight from PENDING", () => {
    const t = planTimeline(0, "REJECTED", durations);
    expect(t.map((s) => s.status)).toEqual(["PENDING", "REJECTED"]);
    expect(statusAt(t, 100)).toBe("REJECTED");
  });

  it("is terminal at its first read when every duration is zero", () => {
    const t = planTimeline(50, "COMPLETED", { pendingMs: 0, processingMs: 0 });
    expect(statusAt(t, 50)).toBe("COMPLETED");
  });

  it("can hold a job in PROCESSING for good", () => {
    const t = planTimeline(0, "COMPLETED", durations, "PROCESSING");
    expect(statusAt(t, 1e12)).toBe("PROCESSING");
    expect(terminalAt(t)).toBe(Infinity);
  });

  it("can hold a job in PENDING for good", () => {
    const t = planTimeline(0, "COMPLETED", durations, "PENDING");
    expect(statusAt(t, 1e12)).toBe("PENDING");
  });

  it("only plans legal timelines", () => {
    for (const terminal of ["COMPLETED", "FAILED", "REJECTED"] as const) {
      expect(() => assertValidTimeline(planTimeline(0, terminal, durations))).not.toThrow();
    }
  });
});

describe("assertValidTimeline", () => {
  it("refuses an illegal move", () => {
    expect(() => assertValidTimeline([{ status: "PENDING", at: 0 }, { status: "COMPLETED", at: 1 }])).toThrow(/illegal/);
  });
  it("refuses a timeline that goes back in time", () => {
    expect(() => assertValidTimeline([{ status: "PENDING", at: 5 }, { status: "PROCESSING", at: 1 }])).toThrow(/before/);
  });
  it("refuses a timeline that does not start PENDING", () => {
    expect(() => assertValidTimeline([{ status: "PROCESSING", at: 0 }])).toThrow(/PENDING/);
  });
});

describe("progress", () => {
  const t = planTimeline(0, "COMPLETED", durations);
  it("is 0 while pending, proportional while processing, 100 when done", () => {
    expect(progressPercent(t, 50)).toBe(0);
    expect(progressPercent(t, 600)).toBe(50);
    expect(progressPercent(t, 1_099)).toBe(99);
    expect(progressPercent(t, 2_000)).toBe(100);
  });
  it("reports the next change", () => {
    expect(nextChangeAt(t, 0)).toBe(100);
    expect(nextChangeAt(t, 100)).toBe(1_100);
    expect(nextChangeAt(t, 1_100)).toBe(Infinity);
  });
});

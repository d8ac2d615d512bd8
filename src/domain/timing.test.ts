import { describe, expect, it } from "vitest";
import { batchPendingMs, phaseDurations, type TimingSpec } from "./timing.js";

const spec = (s: Partial<TimingSpec> = {}): TimingSpec => ({ preset: "fast", models: {}, batch: {}, ...s });

describe("phaseDurations", () => {
  it.each<[string, TimingSpec, string, number, { pendingMs: number; processingMs: number }]>([
    ["the fast default", spec(), "lipsync-2", 10, { pendingMs: 250, processingMs: 1_000 }],
    ["instant", spec({ preset: "instant" }), "sync-3", 10, { pendingMs: 0, processingMs: 0 }],
    ["realistic lipsync-2 on 30 s", spec({ preset: "realistic" }), "lipsync-2", 30, { pendingMs: 5_000, processingMs: 130_000 }],
    ["realistic sync-3 on 30 s", spec({ preset: "realistic" }), "sync-3", 30, { pendingMs: 5_000, processingMs: 760_000 }],
    ["an explicit top-level value over the preset", spec({ preset: "realistic", pendingMs: 1 }), "lipsync-2", 0, { pendingMs: 1, processingMs: 10_000 }],
    ["an explicit per-model value over everything", spec({ pendingMs: 1, models: { "lipsync-2": { pendingMs: 2 } } }), "lipsync-2", 0, { pendingMs: 2, processingMs: 1_000 }],
    ["an explicit per-second rate over the preset's per-model one", spec({ preset: "realistic", processingMsPerOutputSecond: 0 }), "sync-3", 30, { pendingMs: 5_000, processingMs: 10_000 }],
  ])("%s", (_name, s, model, seconds, expected) => {
    expect(phaseDurations(s, model, seconds)).toEqual(expected);
  });
});

describe("batchPendingMs", () => {
  it("follows the preset unless set", () => {
    expect(batchPendingMs(spec())).toBe(500);
    expect(batchPendingMs(spec({ preset: "instant" }))).toBe(0);
    expect(batchPendingMs(spec({ batch: { pendingMs: 7 } }))).toBe(7);
  });
});

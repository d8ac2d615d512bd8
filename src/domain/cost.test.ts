import { describe, expect, it } from "vitest";
import { estimateCost } from "./cost.js";

describe("estimateCost", () => {
  it("bills ceil(seconds × fps) frames at the per-second rate over 25 fps", () => {
    expect(estimateCost("lipsync-2", 10, 25)).toEqual({ estimatedFrameCount: 250, estimatedGenerationCost: 0.5 });
    expect(estimateCost("lipsync-2", 10, 30)).toEqual({ estimatedFrameCount: 300, estimatedGenerationCost: 0.6 });
    expect(estimateCost("sync-3", 1.01, 25).estimatedFrameCount).toBe(26);
  });
  it("prices each model differently", () => {
    const prices = ["lipsync-1.9.0-beta", "lipsync-2", "lipsync-2-pro", "sync-3"].map((m) => estimateCost(m, 10, 25).estimatedGenerationCost);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(new Set(prices).size).toBe(4);
  });
});

import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan, tooDeepProblem } from "./json-depth.js";

const nested = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth));

describe("nestsDeeperThan", () => {
  it("accepts a value exactly at the limit and refuses one level more", () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it("counts objects and arrays alike, and not scalars", () => {
    expect(nestsDeeperThan({ a: [{ b: "x" }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(nestsDeeperThan("text", 0)).toBe(false);
  });

  it("measures a million levels without overflowing the stack", () => {
    expect(nestsDeeperThan(nested(1_000_000))).toBe(true);
  });

  it("accepts a real request, wide but shallow", () => {
    const request = { model: "lipsync-2", input: Array.from({ length: 10_000 }, () => ({ type: "audio", url: "https://a.test/a.wav" })), options: { active_speaker_detection: { bounding_boxes: [[1, 2, 3, 4]] } } };
    expect(nestsDeeperThan(request)).toBe(false);
  });

  it("says what is wrong, with or without a field", () => {
    expect(tooDeepProblem("body")).toBe(`body must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
    expect(tooDeepProblem()).toBe(`must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
  });
});

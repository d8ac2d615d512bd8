import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTime, ManualClock, SystemClock, TenantTime } from "./clock.js";

describe("ManualClock", () => {
  it("stands still until advanced", () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
  });

  it("refuses to move backwards", () => {
    expect(() => new ManualClock(0).advance(-1)).toThrow(RangeError);
  });
});

describe("SystemClock", () => {
  it("follows the wall clock", () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("TenantTime", () => {
  it("adds the shared shift and the tenant's own shift to the base clock", () => {
    const time = new TenantTime(new ManualClock(10_000));
    time.advanceAll(1_000);
    expect(time.now(0)).toBe(11_000);
    expect(time.now(250)).toBe(11_250);
  });

  it("converts a tenant time back to the base clock", () => {
    const time = new TenantTime(new ManualClock(0));
    time.advanceAll(100);
    expect(time.toBase(1_000, 400)).toBe(500);
  });

  it("refuses negative advances", () => {
    expect(() => new TenantTime(new ManualClock(0)).advanceAll(-5)).toThrow(RangeError);
  });
});

describe("isoTime", () => {
  it("formats UTC with milliseconds, as the real API does", () => {
    expect(isoTime(Date.UTC(2026, 0, 22, 9, 46, 10, 602))).toBe("2026-01-22T09:46:10.602Z");
  });

  it("formats every time as Date#toISOString does, in any order, fractions and years beyond 9999 included", () => {
    const time = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
      // Runs of nearby times, where one second's formatting is reused.
      fc.integer({ min: 0, max: 5_000 }).map((ms) => Date.UTC(2026, 0, 22, 9, 46, 10) + ms),
      fc.constantFrom(0, -1, -1000, -1001, 999, 1000, 253402300799999, 253402300800000, -62167219200001),
    );
    fc.assert(fc.property(fc.array(time, { maxLength: 20 }), (times) => times.every((ms) => isoTime(ms) === new Date(ms).toISOString())));
  });

  it("refuses what Date refuses", () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, -8.64e15 - 1]) expect(() => isoTime(ms)).toThrow(RangeError);
  });
});

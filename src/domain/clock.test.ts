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
});

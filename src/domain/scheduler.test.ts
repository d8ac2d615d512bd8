import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock, SystemClock, TenantTime } from "./clock.js";
import { Scheduler } from "./scheduler.js";

function manual() {
  const time = new TenantTime(new ManualClock(0));
  return { time, scheduler: new Scheduler(time) };
}

// Every test runs under vitest's fake timers: the real-time parts (a waiter's timeout, a plain sleep, the real
// clock's timer) are moved by the test, never waited for, and no timer outlives its test.
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Scheduler on a manual clock", () => {
  it("runs nothing until the clock reaches a task", async () => {
    const { time, scheduler } = manual();
    const ran: string[] = [];
    const tenant = { shiftMs: 0 };
    scheduler.at(1_000, tenant, () => ran.push("a"));
    await scheduler.runDue();
    expect(ran).toEqual([]);
    time.advanceAll(1_000);
    await scheduler.runDue();
    expect(ran).toEqual(["a"]);
    expect(scheduler.pending).toBe(0);
  });

  it("starts due tasks in time order and awaits them all", async () => {
    const { time, scheduler } = manual();
    const ran: string[] = [];
    const tenant = { shiftMs: 0 };
    scheduler.at(300, tenant, async () => {
      await Promise.resolve();
      ran.push("late");
    });
    scheduler.at(100, tenant, () => ran.push("early"));
    scheduler.at(5_000, tenant, () => ran.push("future"));
    time.advanceAll(1_000);
    await scheduler.runDue();
    expect(ran).toEqual(["early", "late"]);
  });

  it("follows each owner's own shift", async () => {
    const { scheduler } = manual();
    const ran: string[] = [];
    const ahead = { shiftMs: 0 };
    const behind = { shiftMs: 0 };
    scheduler.at(500, ahead, () => ran.push("ahead"));
    scheduler.at(500, behind, () => ran.push("behind"));
    ahead.shiftMs = 500;
    await scheduler.runDue();
    expect(ran).toEqual(["ahead"]);
  });

  it("runs tasks that due tasks schedule for now, before resolving", async () => {
    const { time, scheduler } = manual();
    const ran: string[] = [];
    const tenant = { shiftMs: 0 };
    scheduler.at(10, tenant, () => {
      ran.push("first");
      scheduler.at(10, tenant, () => ran.push("second"));
    });
    time.advanceAll(10);
    await scheduler.runDue();
    expect(ran).toEqual(["first", "second"]);
  });

  it("keeps going when a task throws", async () => {
    const { time, scheduler } = manual();
    const ran: string[] = [];
    const tenant = { shiftMs: 0 };
    scheduler.at(1, tenant, () => {
      throw new Error("boom");
    });
    scheduler.at(2, tenant, () => ran.push("after"));
    time.advanceAll(5);
    await scheduler.runDue();
    expect(ran).toEqual(["after"]);
  });

  it("can cancel a task", async () => {
    const { time, scheduler } = manual();
    const ran: string[] = [];
    const cancel = scheduler.at(1, { shiftMs: 0 }, () => ran.push("x"));
    cancel();
    time.advanceAll(5);
    await scheduler.runDue();
    expect(ran).toEqual([]);
  });

  it("wakes a waiter when an advance reaches its time", async () => {
    const { time, scheduler } = manual();
    const tenant = { shiftMs: 0 };
    const waiting = scheduler.waitUntil(1_000, tenant, 60_000);
    time.advanceAll(1_000);
    await scheduler.runDue();
    await expect(waiting).resolves.toBe(true);
  });

  it("answers a waiter at once when its time has come", async () => {
    const { scheduler } = manual();
    await expect(scheduler.waitUntil(0, { shiftMs: 0 }, 60_000)).resolves.toBe(true);
  });

  it("gives up on a waiter after its timeout of real time, even though the manual clock stood still", async () => {
    const { scheduler } = manual();
    let answer: boolean | undefined;
    void scheduler.waitUntil(1_000, { shiftMs: 0 }, 5_000).then((reached) => (answer = reached));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBe(false);
  });

  it("releases a waiter when its signal aborts", async () => {
    const { scheduler } = manual();
    const abort = new AbortController();
    const waiting = scheduler.waitUntil(1_000, { shiftMs: 0 }, 60_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBe(false);
  });

  it("ends every wait on stopWaiting, and answers later ones at once, but leaves plain sleeps running", async () => {
    const { scheduler } = manual();
    const waits = [scheduler.waitUntil(1_000, { shiftMs: 0 }, 60_000), scheduler.waitUntil(Infinity, { shiftMs: 0 }, 60_000)];
    let slept = false;
    void scheduler.sleep(60_000).then(() => (slept = true));
    scheduler.stopWaiting();
    await expect(Promise.all(waits)).resolves.toEqual([false, false]);
    await expect(scheduler.waitUntil(1_000, { shiftMs: 0 }, 60_000)).resolves.toBe(false);
    expect(scheduler.pending).toBe(0);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(slept).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slept).toBe(true);
  });

  it("releases every sleeper on close", async () => {
    const { scheduler } = manual();
    const waiting = scheduler.waitUntil(Infinity, { shiftMs: 0 }, 60_000);
    scheduler.close();
    await expect(waiting).resolves.toBe(false);
  });
});

// vitest's fake timers also fake Date, hence SystemClock: the test can tell the millisecond a task fires.
describe("Scheduler on the real clock", () => {
  it("fires a task when its time comes, without anyone asking", async () => {
    const time = new TenantTime(new SystemClock());
    const scheduler = new Scheduler(time);
    const firedAt: number[] = [];
    scheduler.at(time.now(0) + 20, { shiftMs: 0 }, () => firedAt.push(time.now(0)));
    await vi.advanceTimersByTimeAsync(19);
    expect(firedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(firedAt).toEqual([1_000_020]);
    scheduler.close();
  });

  it("re-arms when a tenant's clock jumps ahead", async () => {
    const time = new TenantTime(new SystemClock());
    const scheduler = new Scheduler(time);
    const tenant = { shiftMs: 0 };
    let fired = false;
    scheduler.at(time.now(0) + 3_600_000, tenant, () => (fired = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toBe(false);
    tenant.shiftMs = 3_600_000;
    scheduler.clockChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toBe(true);
    scheduler.close();
  });
});

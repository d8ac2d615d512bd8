/**
 * Time for the whole mock. Every timestamp the API hands out and every status computed on read comes from a
 * {@link Clock}; nothing else reads the wall clock (the scheduler's timers are the one other place that knows
 * about real time, and only to wake up when the clock says something is due).
 */

/** The two ways time can flow. */
export type ClockMode = "real" | "manual";

/** A source of "now", in epoch milliseconds. */
export interface Clock {
  readonly mode: ClockMode;
  now(): number;
}

/** Wall-clock time. */
export class SystemClock implements Clock {
  readonly mode = "real" as const;
  now(): number {
    return Date.now();
  }
}

/** Time that stands still until a test moves it. */
export class ManualClock implements Clock {
  readonly mode = "manual" as const;
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward; negative amounts are refused because jobs never run backwards. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
    this.#now += ms;
  }
}

/** Creates the clock for a mode; a manual clock starts at `start` (defaults to the wall clock at creation). */
export function createClock(mode: ClockMode, start?: number): Clock {
  return mode === "manual" ? new ManualClock(start ?? Date.now()) : new SystemClock();
}

/**
 * The clock each tenant sees: the base clock plus a shift common to every tenant plus the tenant's own shift.
 * Advancing "everyone" moves the common shift, so tenants created later inherit it; advancing one tenant moves
 * only its own shift. Shifts only ever grow (a reset keeps them), so a tenant's time never runs backwards.
 */
export class TenantTime {
  #globalShiftMs = 0;

  constructor(readonly base: Clock) {}

  /** The current time for a tenant whose own shift is `tenantShiftMs`. */
  now(tenantShiftMs: number): number {
    return this.base.now() + this.#globalShiftMs + tenantShiftMs;
  }

  /** The shift shared by every tenant. */
  get globalShiftMs(): number {
    return this.#globalShiftMs;
  }

  /** Moves every tenant's time forward by `ms`. */
  advanceAll(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
    this.#globalShiftMs += ms;
  }

  /** Takes a common shift moved elsewhere (another replica, through the shared store); it never goes back. */
  syncGlobalShift(ms: number): void {
    if (ms > this.#globalShiftMs) this.#globalShiftMs = ms;
  }

  /**
   * Converts a tenant time into the base clock's time: the base-clock moment at which that tenant reaches it.
   * The scheduler uses this to know when, in real time, something due on a tenant's clock happens.
   */
  toBase(tenantTimeMs: number, tenantShiftMs: number): number {
    return tenantTimeMs - this.#globalShiftMs - tenantShiftMs;
  }
}

/**
 * Wall-clock Unix seconds, whatever the mode. Only for what receivers compare with their own clock: the `t=`
 * of webhook signatures (contract §10a).
 */
export function wallClockSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Wall-clock epoch milliseconds, whatever the mode: the `time` of a log line (as pino stamps its own), and the
 * leases replicas hold on the webhooks they deliver (a dead replica's lease runs out in real time).
 */
export function wallClockMs(): number {
  return Date.now();
}

/** The largest time a Date holds, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

// The last second formatted, up to its milliseconds ("2026-01-22T09:46:10."): answers given within one second
// (every create on a frozen manual clock, most under load) share it. `toISOString` took 1 µs of a create's CPU.
let memoSecond = Number.NaN;
let memoPrefix = "";

/** Formats epoch milliseconds the way the real API does: ISO-8601 UTC with milliseconds. */
export function isoTime(ms: number): string {
  // What Date keeps of a time: whole milliseconds, toward zero (and its RangeError past its range, or for NaN).
  const whole = Math.trunc(ms);
  if (!(Math.abs(whole) <= MAX_DATE_MS)) return new Date(ms).toISOString();
  const second = Math.floor(whole / 1000);
  if (second !== memoSecond) {
    const iso = new Date(second * 1000).toISOString();
    memoPrefix = iso.slice(0, iso.length - 4);
    memoSecond = second;
  }
  const milli = whole - second * 1000;
  return `${memoPrefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

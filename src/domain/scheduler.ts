/**
 * The one owner of timers. Work that becomes due on a tenant's clock (webhook deliveries, wake-ups of long
 * polls) is registered here with the tenant time it is due at. In real mode one timer fires when the earliest
 * task comes due; in manual mode only work that is already due runs by itself, and the rest waits until the
 * clock is advanced and {@link Scheduler.runDue} is awaited, which runs everything that became due, in time
 * order, before it resolves.
 */
import type { TenantTime } from "./clock.js";

/** Whose clock a task is due on: anything with a current shift (a tenant). */
export interface ShiftedClockOwner {
  readonly shiftMs: number;
}

interface Task {
  readonly dueAt: number;
  readonly owner: ShiftedClockOwner;
  readonly run: () => unknown;
  readonly seq: number;
}

/** Cancels a scheduled task; harmless once it has run. */
export type Cancel = () => void;

// Timers longer than this are re-armed in steps (setTimeout's own ceiling is 2^31-1 ms).
const MAX_TIMER_MS = 2 ** 30;

/**
 * Runs `work` once the event loop has handled the I/O at hand (`setImmediate`): on no clock, for gathering what
 * the many callbacks of one turn produce (the log's lines) into one piece of work. Here because every deferral
 * of the mock lives in this file.
 */
export function afterIo(work: () => void): void {
  setImmediate(work);
}

/** Runs due work on the clock, and is the only place the mock sets timers. */
export class Scheduler {
  readonly #time: TenantTime;
  #tasks: Task[] = [];
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> = Promise.resolve();
  #sleepers = new Set<() => void>();
  // Every waitUntil in progress, so a shutting-down server can end them at once.
  #waiters = new Set<AbortController>();
  #stopWaiting = false;
  #closed = false;

  constructor(time: TenantTime) {
    this.#time = time;
  }

  /** Number of tasks waiting to come due. */
  get pending(): number {
    return this.#tasks.length;
  }

  /** Registers `run` to happen once `owner`'s clock reaches `dueAt`. */
  at(dueAt: number, owner: ShiftedClockOwner, run: () => unknown): Cancel {
    const task: Task = { dueAt, owner, run, seq: this.#seq++ };
    this.#tasks.push(task);
    this.#arm();
    return () => {
      const i = this.#tasks.indexOf(task);
      if (i >= 0) {
        this.#tasks.splice(i, 1);
        this.#arm();
      }
    };
  }

  /**
   * Runs every task that is due now: started in the order they fell due, then awaited together (so one slow
   * webhook receiver does not hold up the others), and again for tasks they schedule that are already due.
   * Calls are serialised, so two overlapping advances never run a task twice.
   */
  runDue(): Promise<void> {
    const run = this.#running.then(() => this.#drain());
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Resolves once the work already running (deliveries in flight) has finished. */
  idle(): Promise<void> {
    return this.#running;
  }

  /** Call after a tenant's clock moved: re-arms the real-time timer for the new earliest task. */
  clockChanged(): void {
    this.#arm();
  }

  /** Waits `ms` of real time (long-poll timeouts, delivery delays); resolves early if `signal` aborts or on close. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.#sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.#sleepers.add(done);
    });
  }

  /**
   * Resolves when `owner`'s clock reaches `dueAt` (true), or after `timeoutMs` of real time (false),
   * whichever is first. In manual mode only an advance can make it true.
   */
  async waitUntil(dueAt: number, owner: ShiftedClockOwner, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.#time.now(owner.shiftMs) >= dueAt) return true;
    if (this.#stopWaiting) return false;
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort();
    signal?.addEventListener("abort", onOuterAbort, { once: true });
    this.#waiters.add(abort);
    let reached = false;
    const cancel = Number.isFinite(dueAt)
      ? this.at(dueAt, owner, () => {
          reached = true;
          abort.abort();
        })
      : () => undefined;
    await this.sleep(timeoutMs, abort.signal);
    cancel();
    this.#waiters.delete(abort);
    signal?.removeEventListener("abort", onOuterAbort);
    return reached;
  }

  /**
   * Ends every {@link waitUntil} now and makes later ones return at once (false), for a server that is shutting
   * down: long polls answer with what they have instead of holding the shutdown for their whole timeout.
   * Plain sleeps (webhook timeouts) are left alone, so deliveries in flight still finish and are recorded.
   */
  stopWaiting(): void {
    this.#stopWaiting = true;
    for (const waiter of [...this.#waiters]) waiter.abort();
  }

  /** Stops every timer and wakes every sleeper; pending tasks are dropped. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#tasks = [];
    for (const wake of [...this.#sleepers]) wake();
  }

  async #drain(): Promise<void> {
    for (;;) {
      const due = this.#takeDue();
      if (due.length === 0) break;
      // A task reports its own failures (deliveries record them); one failing must not stop the rest.
      const running = due.map((task) => {
        try {
          return Promise.resolve(task.run()).catch(() => undefined);
        } catch {
          return undefined;
        }
      });
      await Promise.all(running);
    }
    this.#arm();
  }

  #takeDue(): Task[] {
    const due: Task[] = [];
    const rest: Task[] = [];
    for (const task of this.#tasks) {
      (this.#time.now(task.owner.shiftMs) >= task.dueAt ? due : rest).push(task);
    }
    this.#tasks = rest;
    return due.sort((a, b) => this.#baseDue(a) - this.#baseDue(b) || a.seq - b.seq);
  }

  #baseDue(task: Task): number {
    return this.#time.toBase(task.dueAt, task.owner.shiftMs);
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed || this.#tasks.length === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const task of this.#tasks) earliest = Math.min(earliest, this.#baseDue(task));
    if (!Number.isFinite(earliest)) return;
    const delay = Math.min(Math.max(0, earliest - this.#time.base.now()), MAX_TIMER_MS);
    // A manual clock never reaches a future task by itself; only work that is already due runs without an advance.
    if (this.#time.base.mode === "manual" && delay > 0) return;
    this.#timer = setTimeout(() => void this.runDue(), delay);
    this.#timer.unref?.();
  }
}

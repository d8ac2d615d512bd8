/**
 * The generation lifecycle as data. A job carries a timeline: the states it will pass through and the tenant
 * time at which it enters each. Its status at any moment is read off that timeline; nothing is pushed by
 * timers, so a job's state is the same whoever asks and however often.
 */

/** Every status the real API reports for a generation. */
export const GENERATION_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "REJECTED"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/** Statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<GenerationStatus> = new Set(["COMPLETED", "FAILED", "REJECTED"]);

/** Statuses that count as "in flight" for concurrency limits. */
export const ACTIVE_STATUSES: ReadonlySet<GenerationStatus> = new Set(["PENDING", "PROCESSING"]);

/**
 * Legal moves. Deviation: the real API does not document when REJECTED and FAILED happen; here REJECTED is decided before work starts (plan or model limits), so it follows PENDING directly;
 * FAILED happens while processing (unreachable or invalid media, scripted failures).
 */
export const TRANSITIONS: ReadonlyArray<readonly [GenerationStatus, GenerationStatus]> = [
  ["PENDING", "PROCESSING"],
  ["PENDING", "REJECTED"],
  ["PROCESSING", "COMPLETED"],
  ["PROCESSING", "FAILED"],
];

/** One step of a timeline: the job is in `status` from tenant time `at` on. */
export interface TimelineStep {
  readonly status: GenerationStatus;
  readonly at: number;
}

/** The whole planned life of a job, first step PENDING at creation. */
export type Timeline = readonly TimelineStep[];

/** Whether `from → to` is a legal move. */
export function canMove(from: GenerationStatus, to: GenerationStatus): boolean {
  return TRANSITIONS.some(([a, b]) => a === from && b === to);
}

/** How long each phase lasts, in milliseconds; `Infinity` keeps a job in that phase for good. */
export interface PhaseDurations {
  readonly pendingMs: number;
  readonly processingMs: number;
}

/**
 * Plans the timeline of a job created at `createdAt` that ends in `terminal`.
 * A REJECTED job skips PROCESSING. A job may also be held in a state (`holdIn`), so it never gets further.
 */
export function planTimeline(
  createdAt: number,
  terminal: "COMPLETED" | "FAILED" | "REJECTED",
  durations: PhaseDurations,
  holdIn?: "PENDING" | "PROCESSING",
): Timeline {
  const steps: TimelineStep[] = [{ status: "PENDING", at: createdAt }];
  if (holdIn === "PENDING") return steps;
  const processingAt = createdAt + durations.pendingMs;
  if (terminal === "REJECTED") {
    steps.push({ status: "REJECTED", at: processingAt });
    return steps;
  }
  steps.push({ status: "PROCESSING", at: processingAt });
  if (holdIn === "PROCESSING") return steps;
  steps.push({ status: terminal, at: processingAt + durations.processingMs });
  return steps;
}

/** Checks that a timeline starts PENDING, only makes legal moves, and never goes back in time. */
export function assertValidTimeline(timeline: Timeline): void {
  const first = timeline[0];
  if (!first || first.status !== "PENDING") throw new Error("a timeline starts in PENDING");
  for (let i = 1; i < timeline.length; i++) {
    const prev = timeline[i - 1]!;
    const step = timeline[i]!;
    if (!canMove(prev.status, step.status)) throw new Error(`illegal move ${prev.status} → ${step.status}`);
    if (step.at < prev.at) throw new Error(`${step.status} is entered before ${prev.status}`);
  }
}

/** The status of a job at tenant time `now`. */
export function statusAt(timeline: Timeline, now: number): GenerationStatus {
  let status: GenerationStatus = "PENDING";
  for (const step of timeline) {
    if (step.at > now) break;
    status = step.status;
  }
  return status;
}

/** The tenant time at which the job becomes terminal, or `Infinity` if it never does. */
export function terminalAt(timeline: Timeline): number {
  const last = timeline[timeline.length - 1]!;
  return TERMINAL_STATUSES.has(last.status) ? last.at : Number.POSITIVE_INFINITY;
}

/** The tenant time of the next change after `now`, or `Infinity` if nothing more happens. */
export function nextChangeAt(timeline: Timeline, now: number): number {
  for (const step of timeline) if (step.at > now) return step.at;
  return Number.POSITIVE_INFINITY;
}

/**
 * Progress in percent for `include=progress`: 0 while pending, rising linearly while processing (capped at 99
 * until the job is done), 100 once terminal.
 */
export function progressPercent(timeline: Timeline, now: number): number {
  const status = statusAt(timeline, now);
  if (TERMINAL_STATUSES.has(status)) return 100;
  if (status === "PENDING") return 0;
  const start = timeline.find((s) => s.status === "PROCESSING")!.at;
  const end = terminalAt(timeline);
  if (!Number.isFinite(end) || end <= start) return 0;
  return Math.min(99, Math.floor(((now - start) / (end - start)) * 100));
}

/**
 * What a benchmark case is. Each measurement lives in its own module under `bench/cases/` and is listed in
 * `bench/cases/index.ts`; adding one is a new file and one line there.
 */

/** How long and how often to measure; `--quick` shrinks everything to keep the harness itself tested. */
export interface BenchSettings {
  readonly quick: boolean;
  /** Repetitions whose median is reported. */
  readonly runs: number;
  /** autocannon connections for throughput. */
  readonly connections: number;
  /** Measured seconds per throughput run. */
  readonly durationSeconds: number;
  /** Unmeasured seconds of load before the first measured run of each server and route. */
  readonly warmupSeconds: number;
  /** Start-ups per server (more than `runs`: they are cheap and noisy). */
  readonly startupRuns: number;
  /** Store sizes of the scale case (one tenant). */
  readonly scaleSizes: readonly [small: number, large: number];
  /** Measured seconds per scale-case latency run, and its connections. */
  readonly scaleSeconds: number;
  readonly scaleConnections: number;
  /** Size of the streamed upload. */
  readonly uploadBytes: number;
}

/** One line of the results table. Empty cells are `undefined`. */
export interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly prism?: string;
  readonly bareHono?: string;
  /** The ratio(s) taken in this run, in words ("9.1× Prism"). */
  readonly ratio?: string;
  readonly goal?: string;
  /** Whether the goal was met; `undefined` when the row has no goal. */
  readonly met?: boolean;
}

/** What a case reports: rows for the table and sentences on how they were taken. */
export interface CaseResult {
  readonly rows: readonly Row[];
  readonly notes: readonly string[];
}

/** A benchmark case. A `pending` case is listed in the report with its reason and not run. */
export interface BenchCase {
  readonly id: string;
  readonly title: string;
  readonly pending?: string;
  run?(settings: BenchSettings, log: (line: string) => void): Promise<CaseResult>;
}

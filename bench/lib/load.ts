/**
 * Load with autocannon's programmatic API. The load generator runs in this (the harness) process, on the
 * same two cores as the server; that is why every comparison is made side by side, in one run, with the
 * same settings.
 */
import autocannon from "autocannon";

/** One load run against one URL. */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly method?: "GET" | "POST";
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Picks the path of each request (e.g. a random stored id); default: the URL's path. */
  readonly path?: () => string;
  /** Sees each response's status and body (e.g. to collect created ids). Costs harness CPU: use for seeding. */
  readonly onResponse?: (status: number, body: string) => void;
  /** Stops after this many requests instead of after the duration. */
  readonly amount?: number;
}

/** What one run measured. Latencies are of 2xx answers only (autocannon records no others). */
export interface LoadResult {
  /** Mean requests per second over the run's one-second samples. */
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  /** Answers outside 200–299. */
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
}

/** Runs autocannon once and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const request: autocannon.Request = {};
  if (options.path) {
    const path = options.path;
    request.setupRequest = (req) => ({ ...req, path: path() });
  }
  if (options.onResponse) {
    const onResponse = options.onResponse;
    request.onResponse = (status: number, body: string) => onResponse(status, body);
  }
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds }),
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    requests: [request],
    timeout: 10,
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * One HTTP POST of a webhook, with a timeout. Never throws: every way a receiver can misbehave (refusing,
 * resetting, hanging, answering 500) becomes a result to record.
 */
import { performance } from "node:perf_hooks";
import type { Scheduler } from "../domain/scheduler.js";

/** What came of a POST. */
export interface SendResult {
  readonly response: { readonly status: number; readonly body: string } | null;
  readonly error: string | null;
  readonly latencyMs: number;
}

const MAX_RECORDED_BODY = 2048;

function describeFailure(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timeout after ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/** POSTs `body` to `url`; the scheduler's sleep provides the timeout (it owns every timer). */
export async function postWebhook(
  scheduler: Scheduler,
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const abort = new AbortController();
  let timedOut = false;
  const settled = new AbortController();
  void scheduler.sleep(timeoutMs, settled.signal).then(() => {
    if (!settled.signal.aborted) {
      timedOut = true;
      abort.abort();
    }
  });
  // Latency is real time by nature: it measures the receiver, not the simulated clock.
  const started = performance.now();
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal: abort.signal });
    const text = await response.text();
    return { response: { status: response.status, body: text.slice(0, MAX_RECORDED_BODY) }, error: null, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { response: null, error: describeFailure(error, timedOut, timeoutMs), latencyMs: Math.round(performance.now() - started) };
  } finally {
    settled.abort();
  }
}

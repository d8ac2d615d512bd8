/**
 * The inspector's only way to the mock: the admin API under /__mock (with `x-api-key` to look at one key) and
 * its live events stream. Nothing here calls /v2, so looking never adds to the journal or to a key's limits.
 */

/** Where the admin plane is (the page is served from it). */
export const ADMIN = "/__mock";

/** An admin answer that was not 2xx, with Sync's error body when there is one. */
export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message?: string | string[]; errorCode?: string } | undefined,
  ) {
    const message = body?.message;
    super(Array.isArray(message) ? message.join("; ") : (message ?? `HTTP ${status}`));
  }
}

/** Calls an admin route; `key` scopes it to one API key. */
export async function admin<T>(path: string, options: { key?: string | undefined; method?: string; body?: string; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.key) headers["x-api-key"] = options.key;
  if (options.body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${ADMIN}${path}`, { method: options.method ?? "GET", headers, body: options.body, credentials: "same-origin" });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) throw new AdminCallError(response.status, parsed as AdminCallError["body"]);
  return parsed as T;
}

/** One request in the journal (a live event carries all but the headers and bodies). */
export interface RequestSummary {
  id: string;
  seq: number;
  requestId: string;
  tenant: string | null;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  scenario: string;
  rule: string | null;
}

export interface RequestEntry extends RequestSummary {
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  answer: unknown;
}

export interface TimelinePoint {
  status: string;
  at: string | null;
}

export interface Job {
  kind: "generation" | "batch";
  id: string;
  tenant: string;
  status: string;
  createdAt: string;
  now: string;
  model: string | null;
  progression: "time" | "polls";
  timeline: TimelinePoint[];
  errorCode: string | null;
  error: string | null;
  outputUrl: string | null;
  webhookUrl: string | null;
  rule: string | null;
  metrics: { total_generations: number; success_count: number; failed_count: number; pending_count: number } | null;
}

export interface DeliveryAttempt {
  id: string;
  tenant: string;
  jobId: string;
  jobType: string;
  event: string;
  url: string;
  attempt: number;
  redeliveryOf: string | null;
  faults: string[];
  request: { headers: Record<string, string>; body: string };
  response: { status: number; body: string } | null;
  error: string | null;
  outcome: "delivered" | "failed" | "dropped";
  latencyMs: number;
  sentAt: string;
  nextRetryAt: string | null;
}

export interface TenantInfo {
  apiKey: string;
  plan: string;
  now: string;
  shiftMs: number;
  scenario: { scope: "tenant" | "server"; name: string };
}

export interface ClockState {
  mode: "real" | "manual";
  now: string;
  globalShiftMs: number;
  tenant?: { apiKey: string; shiftMs: number };
}

export interface Health {
  version: string;
  clock: "real" | "manual";
  scenario: string;
  store: { kind: string; location: string };
}

/** The event names of GET /__mock/events. */
export type EventName = "ready" | "request" | "webhook" | "clock" | "scenario" | "reset" | "overflow";

/** A live event as the page gets it. */
export interface LiveEvent {
  readonly type: EventName;
  readonly tenant: string | null;
  readonly [field: string]: unknown;
}

const EVENT_NAMES: readonly EventName[] = ["ready", "request", "webhook", "clock", "scenario", "reset", "overflow"];

/**
 * Follows the live events of one key (or all): calls `onEvent` with each, and `onState` when the stream
 * connects or drops (EventSource reconnects by itself). Returns what closes it.
 */
export function followEvents(key: string | undefined, onEvent: (event: LiveEvent) => void, onState: (connected: boolean) => void): () => void {
  const source = new EventSource(`${ADMIN}/events${key ? `?apiKey=${encodeURIComponent(key)}` : ""}`);
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (message) => {
      if (name === "ready") onState(true);
      onEvent(JSON.parse((message as MessageEvent<string>).data) as LiveEvent);
    });
  }
  source.onerror = () => onState(false);
  return () => source.close();
}

/**
 * The inspector's only way to the mock: the admin API under /__mock (with `x-api-key` to look at one key) and
 * its live events stream. Nothing here calls /v2, so looking never adds to the journal or to a key's limits.
 */

// The admin plane's answers, typed once for tests and this page alike.
import type { ClockState, JournalEntry, WebhookDelivery } from "../../src/testing/admin-client.js";

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

export type { ClockState };
/** One webhook attempt. */
export type DeliveryAttempt = WebhookDelivery;
/** One request in the journal, headers and bodies included. */
export type RequestEntry = JournalEntry;
/** What a live `request` event carries: an entry without its headers and bodies. */
export type RequestSummary = Omit<JournalEntry, "query" | "headers" | "body" | "answer">;

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

export interface TenantInfo {
  apiKey: string;
  plan: string;
  now: string;
  shiftMs: number;
  scenario: { scope: "tenant" | "server"; name: string };
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

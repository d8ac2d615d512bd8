/**
 * The admin plane's live events (`GET /__mock/events`): what the inspector page and any other tool watch to
 * see requests arrive, webhooks go out and clocks move without polling.
 *
 * Cheap when nobody watches, and bounded when somebody does, since every /v2 request reports itself here:
 * - with no stream open, a report is one check of a counter;
 * - with streams open, a request only marks the journal as changed; the entries themselves are read from the
 *   journal when the hub flushes, so a request costs no object, no JSON and no write of its own;
 * - flushes are at most one per {@link FLUSH_INTERVAL_MS} of real time (the first at the end of the turn), and
 *   each writes once per stream what gathered since the last, so 50 streams cost 50 writes per interval however
 *   many requests there were. Past {@link MAX_REQUESTS_PER_FLUSH} requests in one flush, a stream gets the newest
 *   ones and an `overflow` event saying how many it missed (read the journal for them).
 */
import type { JournalFilter, JournalSummary } from "../journal/journal.js";

/** What the hub reads of the request journal. */
export interface JournalRequestSource {
  readonly nextSeq: number;
  summaries(tenant: string | undefined, filter: JournalFilter): JournalSummary[];
  count(tenant: string | undefined, filter: JournalFilter): number;
}

/** Real milliseconds between two flushes at most. */
export const FLUSH_INTERVAL_MS = 250;
/** Request events one flush sends at most (per stream). */
// A stream is a live view, not the record (the journal is): a page shows a hundred rows, and sending a reader
// more than it can show only costs both ends. 50 per flush is 200 a second per stream.
export const MAX_REQUESTS_PER_FLUSH = 50;

/** What changed, as a stream sends it. `tenant` is the API key it concerns (null: every key, or none). */
export interface AdminEvent {
  readonly type: "ready" | "request" | "webhook" | "clock" | "scenario" | "reset" | "overflow";
  readonly tenant: string | null;
  /** The event's JSON (`data:`), with `type` and `tenant` in it. */
  readonly data: Record<string, unknown>;
  /** The SSE `id:` (a journal `seq` for requests), if any. */
  readonly id?: string;
}

/** One open stream: which key it watches (undefined: all), and how it writes. */
interface Subscriber {
  readonly tenant: string | undefined;
  readonly write: (bytes: Uint8Array) => void;
  /** Ends the stream (the hub is closing). */
  readonly end: () => void;
  /** The journal position it has been sent up to. */
  sentSeq: number;
}

const encoder = new TextEncoder();

/** Sleeps real time (the scheduler's, which owns every timer); resolves early on close. */
export type RealSleep = (ms: number) => Promise<void>;

/** The formatted text of events in SSE's wire format. */
export function sseText(events: readonly AdminEvent[]): string {
  let text = "";
  for (const event of events) text += `event: ${event.type}\n${event.id === undefined ? "" : `id: ${event.id}\n`}data: ${JSON.stringify(event.data)}\n\n`;
  return text;
}

/** Fans admin events out to open streams, throttled (see the file's comment). */
export class AdminEventHub {
  readonly #subscribers = new Set<Subscriber>();
  #pending: AdminEvent[] = [];
  #journalChanged = false;
  #flushing = false;
  #closed = false;

  constructor(
    private readonly journal: JournalRequestSource,
    private readonly sleep: RealSleep,
    private readonly afterTurn: (work: () => void) => void,
  ) {}

  /** Number of open streams. */
  get streams(): number {
    return this.#subscribers.size;
  }

  /** A request was journalled. The hot path: one check when nobody listens. */
  requestRecorded(): void {
    if (this.#subscribers.size === 0) return;
    this.#journalChanged = true;
    this.#schedule();
  }

  /** Sends an event to every stream that watches its key (rare events: webhooks, clocks, scenarios, resets). */
  publish(event: Omit<AdminEvent, "data"> & { data?: Record<string, unknown> }): void {
    if (this.#subscribers.size === 0) return;
    this.#pending.push({ ...event, data: { type: event.type, tenant: event.tenant, ...event.data } });
    this.#schedule();
  }

  /**
   * Opens a stream of the events of `tenant` (or all), written by `write` and ended by `end` when the hub
   * closes; returns what unsubscribes it. The stream starts with what happens from now on.
   */
  subscribe(tenant: string | undefined, write: (bytes: Uint8Array) => void, end: () => void = () => undefined): () => void {
    if (this.#closed) {
      end();
      return () => undefined;
    }
    const subscriber: Subscriber = { tenant, write, end, sentSeq: this.journal.nextSeq - 1 };
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Ends every stream (the server is closing) and sends nothing more. */
  close(): void {
    this.#closed = true;
    const open = [...this.#subscribers];
    this.#subscribers.clear();
    for (const subscriber of open) subscriber.end();
    this.#pending = [];
  }

  /** Starts a flush at the end of this turn, unless one is started or resting out its interval. */
  #schedule(): void {
    if (this.#flushing || this.#closed) return;
    this.#flushing = true;
    this.afterTurn(() => void this.#flushLoop());
  }

  /** Flushes, rests an interval, and again while something gathered meanwhile. */
  async #flushLoop(): Promise<void> {
    try {
      while (!this.#closed && (this.#journalChanged || this.#pending.length > 0)) {
        this.#flush();
        await this.sleep(FLUSH_INTERVAL_MS);
      }
    } finally {
      this.#flushing = false;
    }
  }

  #flush(): void {
    const events = this.#pending;
    this.#pending = [];
    const journalChanged = this.#journalChanged;
    this.#journalChanged = false;
    const sentUpTo = this.journal.nextSeq - 1;
    // Streams of the same key that were sent as much get the same bytes, built and encoded once.
    const built = new Map<string, Uint8Array>();
    for (const subscriber of [...this.#subscribers]) {
      const key = `${subscriber.sentSeq}|${subscriber.tenant ?? ""}|${subscriber.tenant === undefined}`;
      let bytes = built.get(key);
      if (bytes === undefined) built.set(key, (bytes = encoder.encode(this.#textFor(subscriber, events, journalChanged, sentUpTo))));
      subscriber.sentSeq = sentUpTo;
      if (bytes.byteLength > 0) subscriber.write(bytes);
    }
  }

  #textFor(subscriber: Subscriber, events: readonly AdminEvent[], journalChanged: boolean, nextSeq: number): string {
    const { tenant, sentSeq } = subscriber;
    const own = events.filter((event) => tenant === undefined || event.tenant === null || event.tenant === tenant);
    const requests: AdminEvent[] = [];
    if (journalChanged && nextSeq > sentSeq) {
      const entries = this.journal.summaries(tenant, { after: sentSeq, limit: MAX_REQUESTS_PER_FLUSH + 1 });
      if (entries.length > MAX_REQUESTS_PER_FLUSH) {
        entries.length = MAX_REQUESTS_PER_FLUSH;
        const missed = this.journal.count(tenant, { after: sentSeq, before: entries.at(-1)!.seq });
        requests.push({ type: "overflow", tenant: tenant ?? null, data: { type: "overflow", tenant: tenant ?? null, missed } });
      }
      // Oldest first on the wire, as they happened.
      for (const entry of entries.reverse()) requests.push({ type: "request", tenant: entry.tenant, id: String(entry.seq), data: { type: "request", ...entry } });
    }
    return sseText([...requests, ...own]);
  }
}

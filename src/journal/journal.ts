/**
 * The request journal: what clients sent and what they got, newest first, per API key and capped, so a test can
 * assert on what its client did (as WireMock's request journal).
 *
 * Every /v2 request is recorded and few are ever read, so recording is kept cheap: the parts that cost (the
 * header and query objects, the time as text) are handed over as functions and worked out when read.
 */
import { isoTime } from "../domain/clock.js";

/** One request as the journal shows it. */
export interface JournalEntry {
  readonly id: string;
  readonly requestId: string;
  /** The API key, or null for requests without a (valid) one. */
  readonly tenant: string | null;
  /** Tenant time (ISO) when the request arrived. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Request headers, minus credentials. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the text fields (and file names) of a multipart body, or null. */
  readonly body: unknown;
  readonly status: number;
  /** Real milliseconds to answer. */
  readonly durationMs: number;
  /** Name of the scenario that served it, and of the rule that changed its answer, if any. */
  readonly scenario: string;
  readonly rule: string | null;
}

/** One request as it is recorded: {@link JournalEntry} with its costly parts left to the reader. */
export interface JournalRecord extends Omit<JournalEntry, "at" | "query" | "headers"> {
  /** Tenant time (epoch ms) when the request arrived. */
  readonly atMs: number;
  readonly query: () => JournalEntry["query"];
  readonly headers: () => JournalEntry["headers"];
}

/** Entries kept per API key (and for key-less requests); older ones are dropped first. */
export const JOURNAL_CAP = 1_000;

interface Stored {
  readonly seq: number;
  readonly record: JournalRecord;
  /** The entry, once read (so repeated reads do the work once). */
  entry?: JournalEntry;
}

function entryOf(stored: Stored): JournalEntry {
  if (stored.entry) return stored.entry;
  const { atMs, query, headers, ...rest } = stored.record;
  const { id, requestId, tenant, method, path, body, status, durationMs, scenario, rule } = rest;
  // Field order as the journal has always shown it.
  stored.entry = { id, requestId, tenant, at: isoTime(atMs), method, path, query: query(), headers: headers(), body, status, durationMs, scenario, rule };
  return stored.entry;
}

/** The journal of one mock. */
export class RequestJournal {
  readonly #byTenant = new Map<string | null, Stored[]>();
  readonly #slack: number;
  #seq = 0;

  constructor(private readonly cap = JOURNAL_CAP) {
    // Past the cap, the oldest are dropped a quarter of the cap at a time: dropping one per request would move
    // the whole array each time.
    this.#slack = Math.max(1, Math.ceil(cap / 4));
  }

  /** Adds an entry; only the tenant's newest `cap` are ever listed. */
  record(record: JournalRecord): void {
    let entries = this.#byTenant.get(record.tenant);
    if (!entries) this.#byTenant.set(record.tenant, (entries = []));
    entries.push({ seq: this.#seq++, record });
    if (entries.length >= this.cap + this.#slack) entries.splice(0, entries.length - this.cap);
  }

  /** Entries newest first: one tenant's, or everyone's (`undefined`). */
  list(tenant?: string, filter: { method?: string | undefined; path?: string | undefined; limit?: number | undefined } = {}): JournalEntry[] {
    const kept = (entries: Stored[]) => (entries.length > this.cap ? entries.slice(-this.cap) : entries);
    const sources = tenant === undefined ? [...this.#byTenant.values()].flatMap(kept) : kept(this.#byTenant.get(tenant) ?? []);
    return sources
      .filter(({ record: r }) => (filter.method === undefined || r.method === filter.method.toUpperCase()) && (filter.path === undefined || r.path === filter.path))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map(entryOf);
  }

  /** Forgets one tenant's entries, or all. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenant);
  }
}

/**
 * The request journal: what clients sent and what they got, newest first, per API key and capped, so a test can
 * assert on what its client did (as WireMock's request journal).
 */

/** One request as the journal keeps it. */
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

/** Entries kept per API key (and for key-less requests); older ones are dropped first. */
export const JOURNAL_CAP = 1_000;

/** The journal of one mock. */
export class RequestJournal {
  readonly #byTenant = new Map<string | null, Array<JournalEntry & { readonly seq: number }>>();
  #seq = 0;

  constructor(private readonly cap = JOURNAL_CAP) {}

  /** Adds an entry, dropping the tenant's oldest past the cap. */
  record(entry: JournalEntry): void {
    let entries = this.#byTenant.get(entry.tenant);
    if (!entries) this.#byTenant.set(entry.tenant, (entries = []));
    entries.push({ ...entry, seq: this.#seq++ });
    if (entries.length > this.cap) entries.splice(0, entries.length - this.cap);
  }

  /** Entries newest first: one tenant's, or everyone's (`undefined`). */
  list(tenant?: string, filter: { method?: string | undefined; path?: string | undefined; limit?: number | undefined } = {}): JournalEntry[] {
    const sources = tenant === undefined ? [...this.#byTenant.values()].flat() : (this.#byTenant.get(tenant) ?? []);
    return sources
      .filter((e) => (filter.method === undefined || e.method === filter.method.toUpperCase()) && (filter.path === undefined || e.path === filter.path))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map(({ seq: _seq, ...entry }) => entry);
  }

  /** Forgets one tenant's entries, or all. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenant);
  }
}

/**
 * The request journal: what clients sent and what they got, newest first, per API key and capped, so a test can
 * assert on what its client did (as WireMock's request journal).
 *
 * Every /v2 request is recorded and few are ever read, so recording is kept cheap: the parts that cost (the
 * header and query objects, the time as text) are kept raw and worked out when read.
 */
import { getQueryParams } from "hono/utils/url";
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

/**
 * A request's headers as recorded: Node's raw list (name, value, name, value, …) joined by line feeds (which no
 * name or value can contain), or a web `Headers` (requests made in-process, without Node). Either way they
 * are made into {@link JournalEntry.headers} when read.
 */
export type RecordedHeaders = string | Headers;

/** One request as it is recorded: {@link JournalEntry} with its costly parts left to the reader. */
export interface JournalRecord extends Omit<JournalEntry, "at" | "query" | "headers"> {
  /** Tenant time (epoch ms) when the request arrived. */
  readonly atMs: number;
  /** The request target (`/path?query`) or the full URL; its query is parsed when read. */
  readonly url: string;
  readonly headers: RecordedHeaders;
  /** A JSON body as its text (then `body` is ignored), parsed when read. */
  readonly bodyJson?: string | undefined;
}

/** Entries kept per API key (and for key-less requests); older ones are dropped first. */
export const JOURNAL_CAP = 1_000;

// Credentials stay out of the journal; the key itself is the entry's tenant.
const HIDDEN_HEADERS = new Set(["authorization", "cookie", "x-api-key"]);

/** The headers as `c.req.header()` shows them: web `Headers` semantics (lower case, sorted, repeats joined). */
function visibleHeaders(recorded: RecordedHeaders): JournalEntry["headers"] {
  let headers: Headers;
  if (typeof recorded !== "string") headers = recorded;
  else {
    // What @hono/node-server builds for `c.req.header()`: every raw pair but HTTP/2 pseudo-headers, appended.
    headers = new Headers();
    const raw = recorded === "" ? [] : recorded.split("\n");
    for (let i = 0; i < raw.length; i += 2) if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
  }
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HIDDEN_HEADERS.has(name)) out[name] = value;
  });
  return out;
}

/** The query as `c.req.queries()` shows it: one value as a string, repeats as a list. */
function queryOf(url: string): JournalEntry["query"] {
  // Hono's parser looks for the "?" past a scheme and host; a bare request target gets a stand-in for them.
  const absolute = url.startsWith("/") ? `http://localhost${url}` : url;
  return Object.fromEntries(Object.entries(getQueryParams(absolute) as Record<string, string[]>).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

function entryOf(record: JournalRecord): JournalEntry {
  const { id, requestId, tenant, atMs, method, path, url, headers, bodyJson, status, durationMs, scenario, rule } = record;
  const body = bodyJson === undefined ? record.body : (JSON.parse(bodyJson) as unknown);
  return { id, requestId, tenant, at: isoTime(atMs), method, path, query: queryOf(url), headers: visibleHeaders(headers), body, status, durationMs, scenario, rule };
}

/**
 * One key's records and their sequence numbers (which order the keys' records among themselves), kept as two
 * arrays. The journal keeps as few objects per request as it can (the record, one string of headers, the
 * request target, a JSON body's text): the newest thousand requests always outlive a young-generation GC, and each object kept
 * is copied, then promoted and collected again. Keeping Node's header list as it came (an array of a dozen
 * strings) and one closure per field cost about 2 µs of CPU per GET more.
 */
interface TenantLog {
  readonly records: JournalRecord[];
  readonly seqs: number[];
}

/** The journal of one mock. */
export class RequestJournal {
  readonly #byTenant = new Map<string | null, TenantLog>();
  readonly #slack: number;
  #seq = 0;

  constructor(private readonly cap = JOURNAL_CAP) {
    // Past the cap, the oldest are dropped a quarter of the cap at a time: dropping one per request would move
    // the whole array each time.
    this.#slack = Math.max(1, Math.ceil(cap / 4));
  }

  /** Adds a request; only the tenant's newest `cap` are ever listed. */
  record(record: JournalRecord): void {
    let log = this.#byTenant.get(record.tenant);
    if (!log) this.#byTenant.set(record.tenant, (log = { records: [], seqs: [] }));
    log.records.push(record);
    log.seqs.push(this.#seq++);
    if (log.records.length >= this.cap + this.#slack) {
      log.records.splice(0, log.records.length - this.cap);
      log.seqs.splice(0, log.seqs.length - this.cap);
    }
  }

  /** Entries newest first: one tenant's, or everyone's (`undefined`). */
  list(tenant?: string, filter: { method?: string | undefined; path?: string | undefined; limit?: number | undefined } = {}): JournalEntry[] {
    const logs = tenant === undefined ? [...this.#byTenant.values()] : [this.#byTenant.get(tenant)].filter((l) => l !== undefined);
    const kept = logs.flatMap(({ records, seqs }) => {
      const from = Math.max(0, records.length - this.cap);
      return records.slice(from).map((record, i) => ({ record, seq: seqs[from + i]! }));
    });
    return kept
      .filter(({ record: r }) => (filter.method === undefined || r.method === filter.method.toUpperCase()) && (filter.path === undefined || r.path === filter.path))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map(({ record }) => entryOf(record));
  }

  /** Forgets one tenant's entries, or all. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenant);
  }
}

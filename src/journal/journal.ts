/**
 * The request journal: what clients sent and what they got, newest first, per API key and capped, so a test can
 * assert on what its client did (as WireMock's request journal).
 *
 * Every /v2 request is recorded and few are ever read, so recording is kept cheap: the parts that cost (the
 * header and query objects, the time as text, a parsed body) are kept raw and worked out when read, and the
 * texts are kept outside the JavaScript heap (see entry-ring.ts).
 */
import { getQueryParams } from "hono/utils/url";
import { isoTime } from "../domain/clock.js";
import { EntryRing } from "./entry-ring.js";

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
export interface JournalRecord extends Omit<JournalEntry, "id" | "tenant" | "at" | "query" | "headers" | "body"> {
  /** The API key, or null for requests without a (valid) one. */
  readonly tenant: string | null;
  /** Tenant time (epoch ms) when the request arrived. */
  readonly atMs: number;
  /** The request target (`/path?query`) or the full URL; its query is parsed when read. */
  readonly url: string;
  readonly headers: RecordedHeaders;
  /** A JSON body as its text, parsed when read; or undefined. */
  readonly bodyJson?: string | undefined;
  /** A body that is not JSON text (a multipart body's fields and file names), kept as JSON; or undefined. */
  readonly body?: unknown;
}

/** Entries kept per API key (and for key-less requests); older ones are dropped first. */
export const JOURNAL_CAP = 1_000;

// Credentials stay out of the journal; the key itself is the entry's tenant.
const HIDDEN_HEADERS = new Set(["authorization", "cookie", "x-api-key"]);

/** Web `Headers` in the raw form of Node's (names as they iterate: lower case, repeats joined). */
function rawHeaderText(headers: Headers): string {
  const parts: string[] = [];
  headers.forEach((value, name) => parts.push(name, value));
  return parts.join("\n");
}

/** The headers as `c.req.header()` shows them: web `Headers` semantics (lower case, sorted, repeats joined). */
function visibleHeaders(recorded: string): JournalEntry["headers"] {
  // What @hono/node-server builds for `c.req.header()`: every raw pair but HTTP/2 pseudo-headers, appended.
  const headers = new Headers();
  const raw = recorded === "" ? [] : recorded.split("\n");
  for (let i = 0; i < raw.length; i += 2) if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
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

// An entry in the ring: its texts, numbers and references (see entry-ring.ts), by position.
// The path comes first: a filter on it decodes only the path (see EntryRing.texts).
const [PATH, REQUEST_ID, URL_TEXT, HEADERS, BODY] = [0, 1, 2, 3, 4];
const [SEQ, AT_MS, STATUS, DURATION_MS, HAS_BODY] = [0, 1, 2, 3, 4];
const [METHOD, SCENARIO, RULE] = [0, 1, 2];
const SHAPE = { texts: 5, numbers: 5, refs: 3 };

/** The journal of one mock: per key, a ring of its newest requests (see entry-ring.ts for why a ring of bytes). */
export class RequestJournal {
  readonly #byTenant = new Map<string | null, EntryRing>();
  #seq = 0;

  constructor(private readonly cap = JOURNAL_CAP) {}

  /** Adds a request; only the tenant's newest `cap` are ever listed. */
  record(record: JournalRecord): void {
    let ring = this.#byTenant.get(record.tenant);
    if (!ring) this.#byTenant.set(record.tenant, (ring = new EntryRing(SHAPE, this.cap)));
    const headers = typeof record.headers === "string" ? record.headers : rawHeaderText(record.headers);
    const body = record.bodyJson ?? (record.body === undefined || record.body === null ? undefined : JSON.stringify(record.body));
    ring.push(
      [record.path, record.requestId, record.url, headers, body ?? ""],
      [this.#seq++, record.atMs, record.status, record.durationMs, body === undefined ? 0 : 1],
      [record.method, record.scenario, record.rule],
    );
  }

  /** Entries newest first: one tenant's, or everyone's (`undefined`). */
  list(tenant?: string, filter: { method?: string | undefined; path?: string | undefined; limit?: number | undefined } = {}): JournalEntry[] {
    const logs = tenant === undefined ? [...this.#byTenant] : this.#byTenant.has(tenant) ? [[tenant, this.#byTenant.get(tenant)!] as const] : [];
    const method = filter.method?.toUpperCase();
    const kept: Array<{ tenant: string | null; ring: EntryRing; age: number; seq: number }> = [];
    for (const [key, ring] of logs) {
      for (let age = 0; age < ring.size; age++) {
        if (method !== undefined && ring.ref(age, METHOD) !== method) continue;
        if (filter.path !== undefined && ring.texts(age, PATH + 1)[PATH] !== filter.path) continue;
        kept.push({ tenant: key, ring, age, seq: ring.number(age, SEQ) });
      }
    }
    return kept
      .sort((a, b) => b.seq - a.seq)
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map(({ tenant: key, ring, age }) => entryOf(key, ring, age));
  }

  /** Forgets one tenant's entries, or all. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenant);
  }
}

function entryOf(tenant: string | null, ring: EntryRing, age: number): JournalEntry {
  const texts = ring.texts(age);
  const requestId = texts[REQUEST_ID]!;
  return {
    id: requestId,
    requestId,
    tenant,
    at: isoTime(ring.number(age, AT_MS)),
    method: ring.ref(age, METHOD) as string,
    path: texts[PATH]!,
    query: queryOf(texts[URL_TEXT]!),
    headers: visibleHeaders(texts[HEADERS]!),
    body: ring.number(age, HAS_BODY) === 1 ? (JSON.parse(texts[BODY]!) as unknown) : null,
    status: ring.number(age, STATUS),
    durationMs: ring.number(age, DURATION_MS),
    scenario: ring.ref(age, SCENARIO) as string,
    rule: ring.ref(age, RULE) as string | null,
  };
}

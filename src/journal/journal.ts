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
  /** Position in this process's journal: later requests have larger ones (page with `before`). */
  readonly seq: number;
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
  /** The answer's body: parsed when it is JSON, else its text (cut at {@link MAX_ANSWER_CHARS}); null without a text body. */
  readonly answer: unknown;
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
export interface JournalRecord extends Omit<JournalEntry, "id" | "seq" | "tenant" | "at" | "query" | "headers" | "body" | "answer"> {
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
  /** The answer's body as text, when it was one (a file or stream is not kept). */
  readonly answerText?: string | undefined;
}

/** The part of an entry that an event carries: no headers or bodies (read the entry for those). */
export type JournalSummary = Pick<JournalEntry, "id" | "seq" | "requestId" | "tenant" | "at" | "method" | "path" | "status" | "durationMs" | "scenario" | "rule">;

/** Filters and paging of {@link RequestJournal.list}. */
export interface JournalFilter {
  readonly method?: string | undefined;
  readonly path?: string | undefined;
  readonly limit?: number | undefined;
  /** Only entries with a smaller `seq` (the next page of a newest-first list). */
  readonly before?: number | undefined;
  /** Only entries with a larger `seq` (what came since). */
  readonly after?: number | undefined;
}

/** Characters of an answer's text kept: a batch's result file can be megabytes, and nobody reads that in a journal. */
export const MAX_ANSWER_CHARS = 64 * 1024;

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
// The request id second: a summary decodes only the path and it.
const [PATH, REQUEST_ID, URL_TEXT, HEADERS, BODY, ANSWER] = [0, 1, 2, 3, 4, 5];
const [SEQ, AT_MS, STATUS, DURATION_MS, HAS_BODY, HAS_ANSWER] = [0, 1, 2, 3, 4, 5];
const [METHOD, SCENARIO, RULE] = [0, 1, 2];
const SHAPE = { texts: 6, numbers: 6, refs: 3 };

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
    const answer = record.answerText === undefined ? undefined : record.answerText.length > MAX_ANSWER_CHARS ? `${record.answerText.slice(0, MAX_ANSWER_CHARS)}…` : record.answerText;
    ring.push(
      [record.path, record.requestId, record.url, headers, body ?? "", answer ?? ""],
      [this.#seq++, record.atMs, record.status, record.durationMs, body === undefined ? 0 : 1, answer === undefined ? 0 : 1],
      [record.method, record.scenario, record.rule],
    );
  }

  /** Entries newest first: one tenant's, or everyone's (`undefined`). */
  list(tenant?: string, filter: JournalFilter = {}): JournalEntry[] {
    return this.#select(tenant, filter).map(({ tenant: key, ring, age }) => entryOf(key, ring, age));
  }

  /** What {@link list} would, without headers or bodies (cheaper: only the path and request id are decoded). */
  summaries(tenant?: string, filter: JournalFilter = {}): JournalSummary[] {
    return this.#select(tenant, filter).map(({ tenant: key, ring, age }) => summaryOf(key, ring, age));
  }

  /** How many entries {@link list} would give (before its limit). */
  count(tenant?: string, filter: JournalFilter = {}): number {
    return this.#select(tenant, { ...filter, limit: undefined }).length;
  }

  /** One entry by request id (the newest with it), if it is still kept. */
  get(requestId: string): JournalEntry | undefined {
    for (const [key, ring] of this.#byTenant) {
      for (let age = 0; age < ring.size; age++) if (ring.texts(age, REQUEST_ID + 1)[REQUEST_ID] === requestId) return entryOf(key, ring, age);
    }
    return undefined;
  }

  /** The `seq` the next request will get: entries after `nextSeq - 1` are what came since. */
  get nextSeq(): number {
    return this.#seq;
  }

  #select(tenant: string | undefined, filter: JournalFilter): Array<{ tenant: string | null; ring: EntryRing; age: number; seq: number }> {
    const logs = tenant === undefined ? [...this.#byTenant] : this.#byTenant.has(tenant) ? [[tenant, this.#byTenant.get(tenant)!] as const] : [];
    const method = filter.method?.toUpperCase();
    const before = filter.before ?? Number.POSITIVE_INFINITY;
    const after = filter.after ?? Number.NEGATIVE_INFINITY;
    const kept: Array<{ tenant: string | null; ring: EntryRing; age: number; seq: number }> = [];
    for (const [key, ring] of logs) {
      for (let age = 0; age < ring.size; age++) {
        const seq = ring.number(age, SEQ);
        // Newest first in each ring: past `after`, the rest of this ring is older still.
        if (seq <= after) break;
        if (seq >= before) continue;
        if (method !== undefined && ring.ref(age, METHOD) !== method) continue;
        if (filter.path !== undefined && ring.texts(age, PATH + 1)[PATH] !== filter.path) continue;
        kept.push({ tenant: key, ring, age, seq });
      }
    }
    return kept.sort((a, b) => b.seq - a.seq).slice(0, filter.limit ?? Number.POSITIVE_INFINITY);
  }

  /** Forgets one tenant's entries, or all. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.#byTenant.clear();
    else this.#byTenant.delete(tenant);
  }
}

/** An answer's text as the journal shows it: parsed when it is JSON. */
function answerOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The fields of a summary, from its path and request id (the texts an entry decodes first). */
function summaryFrom(tenant: string | null, ring: EntryRing, age: number, path: string, requestId: string): JournalSummary {
  return {
    id: requestId,
    seq: ring.number(age, SEQ),
    requestId,
    tenant,
    at: isoTime(ring.number(age, AT_MS)),
    method: ring.ref(age, METHOD) as string,
    path,
    status: ring.number(age, STATUS),
    durationMs: ring.number(age, DURATION_MS),
    scenario: ring.ref(age, SCENARIO) as string,
    rule: ring.ref(age, RULE) as string | null,
  };
}

function summaryOf(tenant: string | null, ring: EntryRing, age: number): JournalSummary {
  const [path, requestId] = ring.texts(age, REQUEST_ID + 1) as [string, string];
  return summaryFrom(tenant, ring, age, path, requestId);
}

function entryOf(tenant: string | null, ring: EntryRing, age: number): JournalEntry {
  const texts = ring.texts(age);
  return {
    ...summaryFrom(tenant, ring, age, texts[PATH]!, texts[REQUEST_ID]!),
    query: queryOf(texts[URL_TEXT]!),
    headers: visibleHeaders(texts[HEADERS]!),
    body: ring.number(age, HAS_BODY) === 1 ? (JSON.parse(texts[BODY]!) as unknown) : null,
    answer: ring.number(age, HAS_ANSWER) === 1 ? answerOf(texts[ANSWER]!) : null,
  };
}

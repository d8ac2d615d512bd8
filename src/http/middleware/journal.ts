/**
 * Records an API request (paths under /v2) in the request journal once it has been answered (called by
 * {@link requestScope}): what the client sent, what it got, under which scenario, and which rule (if any)
 * changed the answer.
 *
 * Cheap by design, since every /v2 request pays for it and few are read: the headers are kept as Node's raw
 * list and the query as the URL, both made into objects (exactly as `c.req.header()` and `c.req.queries()`
 * would) only when the journal is read. Building them per request was a fifth of a `GET /v2/generate/{id}`.
 */
import type { Context } from "hono";
import { getQueryParams } from "hono/utils/url";
import type { AppEnv } from "../../env.js";
import type { JournalEntry } from "../../journal/journal.js";

// Credentials stay out of the journal; the key itself is the entry's tenant.
const HIDDEN_HEADERS = new Set(["authorization", "cookie", "x-api-key"]);

function visibleHeaders(headers: Headers): JournalEntry["headers"] {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HIDDEN_HEADERS.has(name)) out[name] = value;
  });
  return out;
}

/** The request's headers as `c.req.header()` gives them (web `Headers`: lower case, sorted, repeats joined), later. */
function headersLater(c: Context<AppEnv>): () => JournalEntry["headers"] {
  const raw = c.env?.incoming?.rawHeaders;
  if (!raw) {
    const headers = c.req.raw.headers;
    return () => visibleHeaders(headers);
  }
  return () => {
    // What @hono/node-server builds for `c.req.header()`: every raw pair but HTTP/2 pseudo-headers, appended.
    const headers = new Headers();
    for (let i = 0; i < raw.length; i += 2) if (!raw[i]!.startsWith(":")) headers.append(raw[i]!, raw[i + 1]!);
    return visibleHeaders(headers);
  };
}

/** The query as `c.req.queries()` gives it (one value as a string, repeats as a list), later. */
function queryLater(url: string): () => JournalEntry["query"] {
  return () => Object.fromEntries(Object.entries(getQueryParams(url) as Record<string, string[]>).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/** Whether a request is journalled: the API's, under /v2. */
export function isJournalled(path: string): boolean {
  return path.startsWith("/v2/");
}

/** Records an answered request (`ms`: real milliseconds to answer). */
export function journalRequest(c: Context<AppEnv>, ms: number): void {
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  const requestId = c.get("requestId");
  deps.journal.record({
    id: requestId,
    requestId,
    tenant: tenant?.apiKey ?? null,
    atMs: tenant ? tenant.now() : deps.time.now(0),
    method: c.req.method,
    path: c.req.path,
    query: queryLater(c.req.url),
    headers: headersLater(c),
    body: c.get("journalBody") ?? null,
    status: c.res.status,
    durationMs: ms,
    scenario: (c.get("scenario") ?? deps.scenario()).name,
    rule: c.get("rule") ?? null,
  });
}

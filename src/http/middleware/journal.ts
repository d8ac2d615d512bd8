/**
 * Records an API request (paths under /v2) in the request journal once it has been answered (called by
 * {@link requestScope}): what the client sent, what it got, under which scenario, and which rule (if any)
 * changed the answer.
 *
 * Cheap by design, since every /v2 request pays for it and few are read: the headers are kept as Node's raw
 * list and the query as the URL, both made into objects (exactly as `c.req.header()` and `c.req.queries()`
 * would) only when the journal is read (see `journal/journal.ts`). Building them per request was a fifth of
 * a `GET /v2/generate/{id}`.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";

/** Whether a request is journalled: the API's, under /v2. */
export function isJournalled(path: string): boolean {
  return path.startsWith("/v2/");
}

/** Records a request answered with `status` (`ms`: real milliseconds to answer; `answerText`: its body, if text). */
export function journalRequest(c: Context<AppEnv>, status: number, ms: number, answerText?: string): void {
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  const requestId = c.get("requestId");
  const incoming = c.env?.incoming;
  deps.journal.record({
    requestId,
    tenant: tenant?.apiKey ?? null,
    atMs: tenant ? tenant.now() : deps.time.now(0),
    method: c.req.method,
    path: c.req.path,
    // Node's request target and raw header list when served by Node, as flat strings (see RecordedHeaders).
    url: incoming?.url ?? c.req.url,
    headers: incoming ? incoming.rawHeaders.join("\n") : c.req.raw.headers,
    body: c.get("journalBody") ?? null,
    bodyJson: c.get("journalJson"),
    status,
    answerText,
    durationMs: ms,
    scenario: (c.get("scenario") ?? deps.scenario()).name,
    rule: c.get("rule") ?? null,
  });
  deps.events.requestRecorded();
}

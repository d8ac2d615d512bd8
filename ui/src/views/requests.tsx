/**
 * Requests: the journal, newest first, a page at a time (the server pages it, so 10,000 entries cost the page
 * no more than 100). New requests appear at the top while the first page is shown; a click shows one in full.
 */
import { useEffect, useState } from "preact/hooks";
import { admin, type LiveEvent, type RequestEntry, type RequestSummary } from "../api.js";
import { clockTime, pretty, statusClass } from "../format.js";
import { useLiveEvent, useLiveReload } from "../live.js";

/** Entries per page. */
export const PAGE_SIZE = 100;

function RequestDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const [entry, setEntry] = useState<RequestEntry | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setEntry(undefined);
    admin<RequestEntry>(`/requests/${encodeURIComponent(id)}`).then(setEntry, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p role="alert">{error}</p>;
  if (!entry) return <p>Loading…</p>;
  return (
    <section class="detail" aria-label="Request detail">
      <h2>
        {entry.method} {entry.path} → {entry.status}
      </h2>
      <button type="button" onClick={onClose}>
        Close
      </button>
      <p>
        Request id <code>{entry.requestId}</code> · key <code>{entry.tenant ?? "none"}</code> · scenario {entry.scenario}
        {entry.rule ? ` · rule ${entry.rule}` : ""} · {entry.durationMs} ms
      </p>
      <h3>Request headers</h3>
      <table class="pairs">
        <tbody>
          {Object.entries(entry.headers).map(([name, value]) => (
            <tr>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(entry.query).length > 0 && (
        <>
          <h3>Query</h3>
          <pre tabIndex={0}>{pretty(entry.query)}</pre>
        </>
      )}
      <h3>Request body</h3>
      <pre tabIndex={0} class="request-body">{entry.body === null ? "(none)" : pretty(entry.body)}</pre>
      <h3>Answer body</h3>
      <pre tabIndex={0} class="answer-body">{entry.answer === null ? "(none, or a file)" : pretty(entry.answer)}</pre>
    </section>
  );
}

export function RequestsView({ apiKey }: { apiKey: string | undefined }) {
  const [entries, setEntries] = useState<RequestSummary[]>([]);
  // Seqs of the first entry of each page before this one (empty: the newest page, which takes live events).
  const [pages, setPages] = useState<number[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const before = pages.at(-1);

  const load = async () => {
    const query = `limit=${PAGE_SIZE}${before === undefined ? "" : `&before=${before}`}`;
    setEntries((await admin<{ items: RequestSummary[] }>(`/requests?${query}`, { key: apiKey })).items);
  };
  useEffect(() => void load(), [apiKey, before]);
  useLiveEvent(["request"], (event: LiveEvent) => {
    if (before !== undefined) return;
    setEntries((shown) => [event as unknown as RequestSummary, ...shown].slice(0, PAGE_SIZE));
  });
  useLiveReload(["overflow", "reset"], () => (before === undefined ? load() : undefined));

  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Requests</h2>
      <div class="pager">
        <button type="button" disabled={pages.length === 0} onClick={() => setPages([])}>
          Newest
        </button>
        <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={entries.length < PAGE_SIZE} onClick={() => setPages([...pages, entries.at(-1)!.seq])}>
          Older
        </button>
        <span>
          Page {pages.length + 1} · {entries.length} shown
        </span>
      </div>
      {selected && <RequestDetail id={selected} onClose={() => setSelected(undefined)} />}
      <table class="list requests">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Status</th>
            <th scope="col">ms</th>
            <th scope="col">Key</th>
            <th scope="col">Rule</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-seq={entry.seq} class={selected === entry.requestId ? "selected" : undefined}>
              <td>{clockTime(entry.at)}</td>
              <td>{entry.method}</td>
              <td>
                <button type="button" class="link" onClick={() => setSelected(entry.requestId)}>
                  {entry.path}
                </button>
              </td>
              <td>
                <span class={`badge ${statusClass(entry.status)}`}>{entry.status}</span>
              </td>
              <td>{entry.durationMs}</td>
              <td>{entry.tenant ?? "—"}</td>
              <td>{entry.rule ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && <p>No requests yet. Point your client at this mock and they appear here.</p>}
    </section>
  );
}

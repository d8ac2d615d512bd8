/**
 * Webhooks: every delivery attempt, newest first, with what was sent (signature header, body) and what the
 * receiver said; Redeliver sends one again, freshly signed.
 */
import { useEffect, useState } from "preact/hooks";
import { admin, type DeliveryAttempt } from "../api.js";
import { clockTime, pretty, shortId, statusClass } from "../format.js";
import { useLiveReload } from "../live.js";

function AttemptDetail({ attempt, apiKey, onRedelivered }: { attempt: DeliveryAttempt; apiKey: string | undefined; onRedelivered: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const redeliver = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await admin(`/webhooks/${encodeURIComponent(attempt.id)}/redeliver`, { method: "POST", key: apiKey });
      onRedelivered();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const signature = Object.entries(attempt.request.headers).find(([name]) => name.toLowerCase() === "sync-signature")?.[1];
  return (
    <section class="detail" aria-label="Webhook attempt detail">
      <h2>
        Attempt {attempt.attempt} for {attempt.jobType} {attempt.jobId}
      </h2>
      <button type="button" class="primary" disabled={busy} onClick={redeliver}>
        {busy ? "Redelivering…" : "Redeliver"}
      </button>
      {error && <p role="alert">{error}</p>}
      <p>
        To <code>{attempt.url}</code> · {attempt.event} · {attempt.outcome} · {attempt.latencyMs} ms
        {attempt.redeliveryOf ? ` · redelivery of ${attempt.redeliveryOf}` : ""}
        {attempt.faults.length > 0 ? ` · faults: ${attempt.faults.join(", ")}` : ""}
      </p>
      <p>
        Signature: <code class="signature">{signature ?? "(none)"}</code>
      </p>
      <h3>Body sent</h3>
      <pre tabIndex={0}>{pretty(attempt.request.body)}</pre>
      <h3>Receiver's answer</h3>
      {attempt.response ? (
        <pre tabIndex={0}>
          {attempt.response.status} {pretty(attempt.response.body)}
        </pre>
      ) : (
        <p class="error-code">{attempt.error ?? "no answer"}</p>
      )}
    </section>
  );
}

export function WebhooksView({ apiKey }: { apiKey: string | undefined }) {
  const [attempts, setAttempts] = useState<DeliveryAttempt[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const load = async () => setAttempts((await admin<{ items: DeliveryAttempt[] }>("/webhooks", { key: apiKey })).items);
  useEffect(() => void load(), [apiKey]);
  useLiveReload(["webhook", "reset"], load);
  const shown = attempts.find((a) => a.id === selected);

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      {shown && <AttemptDetail attempt={shown} apiKey={apiKey} onRedelivered={() => void load()} />}
      <table class="list webhooks">
        <thead>
          <tr>
            <th scope="col">Sent</th>
            <th scope="col">Job</th>
            <th scope="col">Event</th>
            <th scope="col">URL</th>
            <th scope="col">Try</th>
            <th scope="col">Outcome</th>
            <th scope="col">Answer</th>
            <th scope="col">ms</th>
            <th scope="col">Next retry</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.id} data-attempt={attempt.id} class={selected === attempt.id ? "selected" : undefined}>
              <td>
                <button type="button" class="link" onClick={() => setSelected(attempt.id)}>
                  {clockTime(attempt.sentAt)}
                </button>
              </td>
              <td title={attempt.jobId}>{shortId(attempt.jobId)}</td>
              <td>{attempt.event}</td>
              <td class="url">{attempt.url}</td>
              <td>
                {attempt.attempt}
                {attempt.redeliveryOf ? " (redelivery)" : ""}
              </td>
              <td>
                <span class={`badge ${statusClass(attempt.outcome)}`}>{attempt.outcome}</span>
              </td>
              <td>{attempt.response ? attempt.response.status : (attempt.error ?? "")}</td>
              <td>{attempt.latencyMs}</td>
              <td>{attempt.nextRetryAt ? clockTime(attempt.nextRetryAt) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {attempts.length === 0 && <p>No webhook attempts yet. Give a job a webhookUrl and finish it.</p>}
    </section>
  );
}

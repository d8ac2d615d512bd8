/**
 * Clock: the key's time (or everyone's) and its mode; buttons move it forward and the jobs below move with it.
 * An advance returns once everything that became due (webhooks included) has happened.
 */
import { useEffect, useState } from "preact/hooks";
import { admin, type ClockState } from "../api.js";
import { clockTime } from "../format.js";
import { useLiveReload } from "../live.js";
import { JobsTable } from "./jobs.js";

const STEPS: ReadonlyArray<readonly [string, number]> = [
  ["+1 s", 1_000],
  ["+10 s", 10_000],
  ["+1 min", 60_000],
];

export function ClockView({ apiKey }: { apiKey: string | undefined }) {
  const [clock, setClock] = useState<ClockState | undefined>();
  const [target, setTarget] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const load = async () => setClock(await admin<ClockState>("/clock", { key: apiKey }));
  useEffect(() => void load(), [apiKey]);
  useLiveReload(["clock", "reset"], load);
  useEffect(() => {
    if (clock?.mode !== "real") return;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [clock?.mode, apiKey]);

  const advance = async (body: { ms: number } | { to: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      setClock(await admin<ClockState>("/clock/advance", { method: "POST", key: apiKey, body: JSON.stringify(body) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="clock-title">
      <h2 id="clock-title">Clock</h2>
      {clock && (
        <p class="clock-now">
          <span class="now" data-now={clock.now}>
            {clockTime(clock.now)}
          </span>{" "}
          · {clock.mode} clock · {apiKey ? `key ${apiKey}, ahead by ${clock.tenant?.shiftMs ?? 0} ms` : "every key"} · all keys ahead by {clock.globalShiftMs} ms
        </p>
      )}
      <div class="controls">
        {STEPS.map(([label, ms]) => (
          <button type="button" disabled={busy} onClick={() => void advance({ ms })}>
            {label}
          </button>
        ))}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (target) void advance({ to: new Date(target).toISOString() });
          }}
        >
          <label>
            Advance to
            <input type="datetime-local" step="0.001" value={target} disabled={!apiKey} onInput={(e) => setTarget((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy || !apiKey || !target}>
            Go
          </button>
        </form>
      </div>
      {!apiKey && <p class="hint">Without a key the buttons move every key's clock; pick a key to move one alone or to a given time.</p>}
      {error && <p role="alert">{error}</p>}
      <h3>Jobs</h3>
      <JobsTable apiKey={apiKey} compact />
    </section>
  );
}

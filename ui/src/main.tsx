/**
 * The inspector page (`/__mock/ui`): the journal, jobs, webhooks, clock and scenario of the mock, for one API
 * key or all, updated live from `GET /__mock/events`.
 */
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { admin, followEvents, type Health, type TenantInfo } from "./api.js";
import { LiveContext, LiveEvents, useLiveReload } from "./live.js";
import { ClockView } from "./views/clock.js";
import { JobsView } from "./views/jobs.js";
import { RequestsView } from "./views/requests.js";
import { ScenarioView } from "./views/scenario.js";
import { WebhooksView } from "./views/webhooks.js";

const VIEWS = ["Requests", "Jobs", "Webhooks", "Clock", "Scenario"] as const;
type View = (typeof VIEWS)[number];

/** The view and key in the address (`#jobs?key=…`), so a reload or a shared link shows the same. */
function fromHash(): { view: View; key: string | undefined } {
  const [name = "", query = ""] = location.hash.slice(1).split("?");
  const view = VIEWS.find((v) => v.toLowerCase() === name) ?? "Requests";
  return { view, key: new URLSearchParams(query).get("key") ?? undefined };
}

function KeyPicker({ value, onChange }: { value: string | undefined; onChange: (key: string | undefined) => void }) {
  const [tenants, setTenants] = useState<TenantInfo[]>([]);
  const load = async () => setTenants((await admin<{ items: TenantInfo[] }>("/tenants")).items);
  useEffect(() => void load(), []);
  useLiveReload(["request", "reset"], load);
  const keys = tenants.map((t) => t.apiKey);
  if (value && !keys.includes(value)) keys.unshift(value);
  return (
    <label class="key-picker">
      API key
      <select value={value ?? ""} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value || undefined)}>
        <option value="">All keys</option>
        {keys.map((key) => (
          <option value={key}>{key}</option>
        ))}
      </select>
    </label>
  );
}

function App() {
  const initial = fromHash();
  const [view, setView] = useState<View>(initial.view);
  const [key, setKey] = useState<string | undefined>(initial.key);
  const [connected, setConnected] = useState(false);
  const [health, setHealth] = useState<Health | undefined>();
  const live = useMemo(() => new LiveEvents(), []);

  useEffect(() => void admin<Health>("/health").then(setHealth), []);
  useEffect(() => followEvents(key, (event) => live.emit(event), setConnected), [key]);
  useEffect(() => {
    history.replaceState(null, "", `#${view.toLowerCase()}${key ? `?key=${encodeURIComponent(key)}` : ""}`);
  }, [view, key]);

  return (
    <LiveContext.Provider value={live}>
      <header>
        <h1>sync-mock inspector</h1>
        {health && (
          <p class="facts">
            v{health.version} · clock {health.clock} · store {health.store.kind} · scenario {health.scenario}
          </p>
        )}
        <KeyPicker value={key} onChange={setKey} />
        <p class={connected ? "live on" : "live off"} role="status">
          {connected ? "Live" : "Reconnecting…"}
        </p>
      </header>
      <nav aria-label="Views">
        {VIEWS.map((name) => (
          <button type="button" class="tab" aria-current={view === name ? "page" : undefined} onClick={() => setView(name)}>
            {name}
          </button>
        ))}
      </nav>
      <main>
        {view === "Requests" && <RequestsView apiKey={key} />}
        {view === "Jobs" && <JobsView apiKey={key} />}
        {view === "Webhooks" && <WebhooksView apiKey={key} />}
        {view === "Clock" && <ClockView apiKey={key} />}
        {view === "Scenario" && <ScenarioView apiKey={key} />}
      </main>
    </LiveContext.Provider>
  );
}

render(<App />, document.getElementById("app")!);

/**
 * Scenario: the scenario in force for the key (or the server) as YAML, to edit and apply. A bad edit is
 * refused whole by the mock, and its error (file, field path) shows here, with nothing changed.
 */
import { useEffect, useState } from "preact/hooks";
import { stringify } from "yaml";
import { admin } from "../api.js";
import { useLiveReload } from "../live.js";

interface ScenarioState {
  scope: "tenant" | "server";
  scenario: Record<string, unknown> & { name?: string };
}

export function ScenarioView({ apiKey }: { apiKey: string | undefined }) {
  const [state, setState] = useState<ScenarioState | undefined>();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const show = (next: ScenarioState) => {
    setState(next);
    setText(stringify(next.scenario));
  };
  const load = async () => show(await admin<ScenarioState>("/scenario", { key: apiKey }));
  useEffect(() => void load(), [apiKey]);
  useLiveReload(["scenario", "reset"], async () => {
    // Another tool changed it: show the new one unless an edit is under way.
    if (state && text === stringify(state.scenario)) await load();
  });

  const run = async (action: () => Promise<ScenarioState | undefined>, done: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      const next = await action();
      if (next) show(next);
      else await load();
      setNotice(done);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const apply = () => run(() => admin<ScenarioState>("/scenario", { method: "PUT", key: apiKey, body: text, contentType: "application/yaml" }), "Applied.");
  const drop = () => run(() => admin<ScenarioState>("/scenario", { method: "DELETE", key: apiKey }), apiKey ? "The key's own scenario is dropped." : "Back to the start-up scenario.");
  const resetKey = () => run(async () => void (await admin("/reset", { method: "POST", key: apiKey })), "The key is reset: its jobs, assets, journal and scenario are gone.");

  return (
    <section aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario</h2>
      {state && (
        <p class="scenario-scope">
          In force {apiKey ? `for ${apiKey}` : "for the server"}: <strong class="scenario-name">{state.scenario.name}</strong> (
          {state.scope === "tenant" ? "the key's own" : "the server's"})
        </p>
      )}
      <label for="scenario-text">Scenario (YAML or JSON)</label>
      <textarea id="scenario-text" spellcheck={false} rows={24} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="controls">
        <button type="button" class="primary" onClick={() => void apply()}>
          Apply
        </button>
        <button type="button" onClick={() => void drop()}>
          {apiKey ? "Drop the key's scenario" : "Back to start-up scenario"}
        </button>
        {apiKey && (
          <button type="button" class="danger" onClick={() => void resetKey()}>
            Reset key
          </button>
        )}
      </div>
      {error && (
        <pre tabIndex={0} class="scenario-error" role="alert">
          {error}
        </pre>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}

/**
 * `sync-mock/testing`: start a mock inside a test process and drive it.
 *
 * ```ts
 * const mock = await startSyncMock({ clock: "manual" });
 * const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey() });
 * const created = await sync.generations.create({...});
 * await mock.admin.advance(5_000);
 * await mock.close();
 * ```
 */
import { randomUUID } from "node:crypto";
import type { ClockMode } from "../domain/clock.js";
import { parseScenario, resolveScenarioArgument } from "../scenarios/load.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import { startServer, type RunningServer } from "../server.js";
import { AdminClient } from "./admin-client.js";

// The admin client and the types of its answers.
export * from "./admin-client.js";

/** How to start an in-process mock. */
export interface StartSyncMockOptions {
  /**
   * A scenario: a shipped scenario's name (`"instant"`), a file path, YAML/JSON text (anything with a newline
   * or a `{`), or a parsed object.
   */
  scenario?: string | Scenario;
  /** `manual` freezes time until `admin.advance()`; default `real`. */
  clock?: ClockMode;
  /** Start of a manual clock (default: now). */
  clockStart?: Date | number;
  /** Fixed public base URL (default `http://localhost:<port>`). */
  publicUrl?: string;
  webhookSecret?: string;
  /**
   * `memory`, or a Redis URL to keep the state in (default: the `SYNC_MOCK_STORE` environment variable, else
   * memory). Each mock gets keys of its own under a random prefix unless `storePrefix` names one.
   */
  store?: string;
  storePrefix?: string;
  /** Require this token on the admin plane (`--admin-token`); `admin` sends it. */
  adminToken?: string;
}

/** A running in-process mock. */
export interface SyncMock {
  /** Base URL for SDK clients in this process (`new SyncClient({ baseUrl })`): the bound loopback address. */
  readonly baseUrl: string;
  /** A fresh API key, hence a fresh, isolated tenant; `plan` picks the key prefix (default scale). */
  apiKey(plan?: string): string;
  readonly admin: AdminClient;
  /** The server itself, for tests that need its internals. */
  readonly server: RunningServer;
  close(): Promise<void>;
}

function resolveScenario(scenario: string | Scenario | undefined): { scenario?: Scenario; scenarioDirs?: string[] } {
  if (scenario === undefined) return {};
  if (typeof scenario === "object") return { scenario };
  if (/[\n{]/.test(scenario)) return { scenario: parseScenario(scenario, "inline scenario") };
  const { scenario: loaded, dirs } = resolveScenarioArgument(scenario);
  return { scenario: loaded, scenarioDirs: dirs };
}

function storeOptions(options: StartSyncMockOptions): { storeUrl?: string; storePrefix?: string } {
  const url = options.store ?? process.env["SYNC_MOCK_STORE"];
  if (!url || url === "memory") return {};
  return { storeUrl: url, storePrefix: options.storePrefix ?? `sync-mock-test:${randomUUID()}:` };
}

/** Starts a mock on a free loopback port. */
export async function startSyncMock(options: StartSyncMockOptions = {}): Promise<SyncMock> {
  const scenario = resolveScenario(options.scenario);
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    clock: options.clock ?? "real",
    ...(options.clockStart !== undefined ? { clockStart: +options.clockStart } : {}),
    ...scenario,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
    ...storeOptions(options),
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
  });
  return {
    baseUrl: server.localUrl,
    apiKey: (plan = "scale") => `${plan}_${randomUUID()}`,
    admin: new AdminClient(server.localUrl, options.adminToken),
    server,
    close: () => server.close(),
  };
}

/**
 * A typed client of the admin plane (`/__mock`), for tests that drive the mock.
 */

/** The clock as the admin plane reports it. */
export interface ClockState {
  mode: "real" | "manual";
  now: string;
  globalShiftMs: number;
  tenant?: { apiKey: string; shiftMs: number };
}

/** One recorded webhook attempt (see GET /__mock/webhooks). */
export interface WebhookDelivery {
  id: string;
  tenant: string;
  jobId: string;
  jobType: "generation" | "batch";
  event: string;
  url: string;
  attempt: number;
  redeliveryOf: string | null;
  faults: string[];
  request: { headers: Record<string, string>; body: string };
  response: { status: number; body: string } | null;
  error: string | null;
  outcome: "delivered" | "failed" | "dropped";
  latencyMs: number;
  sentAt: string;
  nextRetryAt: string | null;
}

/** Filters of the delivery log. */
export interface WebhookFilter {
  jobId?: string;
  outcome?: WebhookDelivery["outcome"];
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as Array<[string, string]>;
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : "";
}

/** One journalled request (see GET /__mock/requests). */
export interface JournalEntry {
  id: string;
  /** Its place in the journal: later requests have larger ones (page with `before`/`after`). */
  seq: number;
  requestId: string;
  tenant: string | null;
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** The answer's body (parsed when JSON, cut at 64 KB), else its text; null when it was a file or a stream. */
  answer: unknown;
  durationMs: number;
  scenario: string;
  rule: string | null;
}

/** The scenario in force, as the admin plane reports it. */
export interface ScenarioState {
  scope: "tenant" | "server";
  scenario: Record<string, unknown> & { name: string };
}

/** Thrown when the admin plane answers with an error. */
/** A state snapshot (`GET /__mock/state`); its JSON Schema is `openapi/state.schema.json`. */
export interface StateSnapshot {
  readonly format: "sync-mock-state";
  readonly version: 1;
  readonly exportedAt: string;
  readonly scope: "tenant" | "all";
  readonly tenants: ReadonlyArray<{ readonly apiKey: string; readonly now: string; readonly [field: string]: unknown }>;
  readonly [field: string]: unknown;
}

/** What an import did. */
export interface StateImportResult {
  readonly scope: "tenant" | "all";
  readonly tenants: number;
  readonly generations: number;
  readonly batches: number;
  readonly assets: number;
  readonly webhooks: number;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`admin request failed with ${status}: ${JSON.stringify(body)}`);
    this.name = "AdminError";
  }
}

/** Calls the admin plane of one mock. */
export class AdminClient {
  /** `adminToken`: the mock's `--admin-token`, sent with every request. */
  constructor(
    readonly baseUrl: string,
    private readonly adminToken?: string,
  ) {}

  /** Sends one admin request; `apiKey` scopes it to that tenant. A string body is sent as YAML text. */
  async request<T>(method: string, path: string, options: { apiKey?: string | undefined; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.apiKey) headers["x-api-key"] = options.apiKey;
    if (this.adminToken) headers["x-mock-admin-token"] = this.adminToken;
    const yaml = typeof options.body === "string";
    if (options.body !== undefined) headers["content-type"] = yaml ? "application/yaml" : "application/json";
    const response = await fetch(`${this.baseUrl}/__mock${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: yaml ? (options.body as string) : JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new AdminError(response.status, body);
    return body as T;
  }

  /** Moves time forward by `ms` (one tenant with `apiKey`, else everyone); resolves once due work is done. */
  advance(ms: number, apiKey?: string): Promise<ClockState> {
    return this.request("POST", "/clock/advance", { apiKey, body: { ms } });
  }

  /** Moves one tenant's time to `to` (an ISO time or a Date). */
  advanceTo(to: string | Date, apiKey: string): Promise<ClockState> {
    return this.request("POST", "/clock/advance", { apiKey, body: { to: typeof to === "string" ? to : to.toISOString() } });
  }

  /** The clock, as seen by `apiKey`'s tenant if given. */
  clock(apiKey?: string): Promise<ClockState> {
    return this.request("GET", "/clock", { apiKey });
  }

  /** Forgets one tenant, or everything. */
  reset(apiKey?: string): Promise<{ scope: "tenant" | "all"; tenantsRemoved: number }> {
    return this.request("POST", "/reset", { apiKey });
  }

  /** Webhook attempts, newest first (only `apiKey`'s with a key). */
  async webhooks(filter: WebhookFilter = {}, apiKey?: string): Promise<WebhookDelivery[]> {
    const { items } = await this.request<{ items: WebhookDelivery[] }>("GET", `/webhooks${query({ ...filter })}`, { apiKey });
    return items;
  }

  /** Waits (up to `timeoutSeconds`, default 10) until an attempt matching the filter exists, and returns the newest. */
  waitForWebhook(filter: WebhookFilter, options: { apiKey?: string; timeoutSeconds?: number } = {}): Promise<WebhookDelivery> {
    return this.request("GET", `/webhooks/wait${query({ ...filter, timeout: options.timeoutSeconds })}`, { apiKey: options.apiKey });
  }

  /** Sends a recorded attempt again; resolves with the new attempt. */
  redeliver(id: string, apiKey?: string): Promise<WebhookDelivery> {
    return this.request("POST", `/webhooks/${encodeURIComponent(id)}/redeliver`, { apiKey });
  }

  /**
   * Puts a scenario (YAML/JSON text or an object) in force for `apiKey` only, or for the whole server;
   * a scenario that does not validate is refused with an {@link AdminError} and nothing changes.
   */
  setScenario(scenario: string | Record<string, unknown>, apiKey?: string): Promise<ScenarioState> {
    return this.request("PUT", "/scenario", { apiKey, body: scenario });
  }

  /** The scenario in force (for `apiKey`, if given). */
  scenario(apiKey?: string): Promise<ScenarioState> {
    return this.request("GET", "/scenario", { apiKey });
  }

  /** Drops `apiKey`'s own scenario, or (without a key) goes back to the start-up scenario. */
  clearScenario(apiKey?: string): Promise<ScenarioState> {
    return this.request("DELETE", "/scenario", { apiKey });
  }

  /** The request journal, newest first (only `apiKey`'s with a key). */
  async requests(filter: { method?: string; path?: string; limit?: number } = {}, apiKey?: string): Promise<JournalEntry[]> {
    const { items } = await this.request<{ items: JournalEntry[] }>("GET", `/requests${query({ ...filter })}`, { apiKey });
    return items;
  }

  /**
   * A state snapshot: `apiKey`'s world, or (without a key) the whole mock's. Save it to start later tests from
   * it, or to keep a failing run's world (see `openapi/state.schema.json`).
   */
  exportState(apiKey?: string): Promise<StateSnapshot> {
    return this.request("GET", "/state", { apiKey });
  }

  /**
   * Imports a snapshot: as `apiKey`'s world when given (the snapshot's one tenant), else as the keys it names (or
   * the whole mock, for scope `all`). One that does not fit the schema is refused with an {@link AdminError}.
   */
  importState(snapshot: StateSnapshot | Record<string, unknown>, apiKey?: string): Promise<StateImportResult> {
    return this.request("PUT", "/state", { apiKey, body: snapshot });
  }

  /** Health and a summary of state. */
  health(): Promise<{ status: "ok"; version: string; clock: string; scenario: string; tenants: number; store: { kind: "memory" | "redis"; location: string } }> {
    return this.request("GET", "/health");
  }
}

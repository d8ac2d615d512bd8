/**
 * State snapshots: `GET /__mock/state` exports one key's world (with its x-api-key) or the whole mock's as a
 * {@link StateSnapshot}; `PUT /__mock/state` imports one. An import is checked whole against the schema first,
 * so a document that does not fit changes nothing (400 naming the field); then the keys it names are reset and
 * rebuilt through the state log's own events (`persistence/restore.ts`), each recorded as it is applied, so a
 * `--data-dir` mock keeps an imported world across a restart too.
 */
import type { Context } from "hono";
import { isoTime } from "../domain/clock.js";
import type { AppEnv } from "../env.js";
import { apiError, validationError } from "../http/errors.js";
import { readLimited } from "../http/json-body.js";
import { parseOr400 } from "../http/validation.js";
import { loggedBatch, type StateEvent } from "../persistence/events.js";
import { applyEvent, memoryState, resumeWebhooks, type MemoryState } from "../persistence/restore.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { AppDeps } from "../services.js";
import type { MemoryTenant } from "../tenants/memory-registry.js";
import type { DeliveryAttempt } from "../webhooks/webhook-log.js";
import { API_KEY_HEADER } from "../http/middleware/auth.js";
import { optionalTenant } from "./admin.handlers.js";
import { resetState, setScenario } from "./operations.js";
import { STATE_FORMAT, STATE_VERSION, StateSnapshotSchema, stateJsonSchema, type SnapshotTenant, type StateSnapshot } from "./state.schema.js";

/** The largest snapshot an import reads: about 100,000 generations. */
const STATE_BODY_LIMIT = 128 * 1024 * 1024;

// JSON has no Infinity: a step that never comes is written `at: null` (as the state log does) and read back.
const neverAsNull = (at: number): number | null => (Number.isFinite(at) ? at : null);
const nullAsNever = (at: number | null): number => (at === null ? Number.POSITIVE_INFINITY : at);

/** The in-memory stores, or a 501: the Redis store's state is Redis's to snapshot. */
function stores(deps: AppDeps): MemoryState {
  try {
    return memoryState(deps);
  } catch {
    // Deviation: snapshots are of the in-memory store (the default); with --store redis, snapshot Redis itself.
    throw apiError("state_snapshot_unsupported");
  }
}

function tenantSnapshot(tenant: MemoryTenant, state: MemoryState): SnapshotTenant {
  const generations = tenant.generations.all().map((record) => ({ ...record, timeline: record.timeline.map((step) => ({ status: step.status, at: neverAsNull(step.at) })) }));
  return {
    apiKey: tenant.apiKey,
    now: isoTime(tenant.now()),
    scenario: tenant.scenarioOverride ?? null,
    generations: generations as SnapshotTenant["generations"],
    batches: tenant.batches.all().map(loggedBatch) as SnapshotTenant["batches"],
    assets: [...tenant.assets.all()] as SnapshotTenant["assets"],
    webhooks: state.webhookLog.list({ tenant: tenant.apiKey }).reverse() as SnapshotTenant["webhooks"],
  };
}

/** The snapshot of one tenant, or of every tenant and the server's scenario. */
export function exportState(deps: AppDeps, tenant: MemoryTenant | undefined): StateSnapshot {
  const state = stores(deps);
  const tenants = tenant ? [tenant] : [...state.tenants.all()].sort((a, b) => (a.apiKey < b.apiKey ? -1 : 1));
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    exportedAt: isoTime(deps.time.now(0)),
    scope: tenant ? "tenant" : "all",
    clock: { mode: deps.time.base.mode, globalShiftMs: deps.time.globalShiftMs },
    scenario: tenant ? null : deps.scenario(),
    tenants: tenants.map((one) => tenantSnapshot(one, state)),
  };
}

/** A snapshot tenant's records as state events for `key`, in the order a replay needs them. */
function tenantEvents(snapshot: SnapshotTenant, key: string, shiftMs: number): StateEvent[] {
  const events: StateEvent[] = [{ e: "tenant-clock", key, shiftMs }];
  if (snapshot.scenario) events.push({ e: "scenario", key, scenario: snapshot.scenario as Scenario });
  for (const record of snapshot.assets) events.push({ e: "asset", key, record });
  for (const record of snapshot.generations) {
    const timeline = record.timeline.map((step) => ({ status: step.status, at: nullAsNever(step.at) }));
    events.push({ e: "generation", key, record: { ...record, timeline } as GenerationRecord });
  }
  for (const record of snapshot.batches) events.push({ e: "batch", key, record });
  for (const attempt of snapshot.webhooks) events.push({ e: "webhook", attempt: { ...attempt, tenant: key } as DeliveryAttempt });
  return events;
}

/** What is wrong with a snapshot's cross-references (a batch item naming no generation, an id twice), if anything. */
function inconsistency(snapshot: StateSnapshot): string | undefined {
  const keys = new Set<string>();
  for (const [t, tenant] of snapshot.tenants.entries()) {
    if (keys.has(tenant.apiKey)) return `tenants.${t}.apiKey ${tenant.apiKey} is listed twice`;
    keys.add(tenant.apiKey);
    const generations = new Set<string>();
    for (const [g, record] of tenant.generations.entries()) {
      if (generations.has(record.id)) return `tenants.${t}.generations.${g}.id ${record.id} is listed twice`;
      generations.add(record.id);
    }
    for (const [b, batch] of tenant.batches.entries()) {
      const missing = batch.items.findIndex((item) => !generations.has(item.generationId));
      if (missing >= 0) return `tenants.${t}.batches.${b}.items.${missing}.generationId names no generation of this tenant (${batch.items[missing]!.generationId})`;
    }
  }
  return undefined;
}

/** Replaces the worlds a snapshot names (all of them with scope `all`; `asKey`: import its one tenant as this key). */
export async function importState(deps: AppDeps, snapshot: StateSnapshot, asKey: string | undefined) {
  const state = stores(deps);
  if (asKey !== undefined && snapshot.tenants.length !== 1) throw validationError([`tenants must hold exactly one tenant with an x-api-key (it holds ${snapshot.tenants.length})`]);
  const problem = inconsistency(snapshot);
  if (problem) throw validationError([problem]);
  const whole = snapshot.scope === "all" && asKey === undefined;
  if (whole) {
    await resetState(deps);
    if (snapshot.scenario) await setScenario(deps, undefined, snapshot.scenario as Scenario);
  }
  const counts = { generations: 0, batches: 0, assets: 0, webhooks: 0 };
  for (const snap of snapshot.tenants) {
    const key = asKey ?? snap.apiKey;
    if (!whole) await resetState(deps, key);
    const tenant = state.tenants.ensure(key);
    // The key's clock starts where the snapshot's was: its own shift on top of this mock's shared time.
    const shiftMs = Date.parse(snap.now) - deps.time.now(0);
    const generations = new Map<string, GenerationRecord>();
    for (const event of tenantEvents(snap, key, shiftMs)) {
      // A webhook attempt is recorded by the log's observer (persistence/data-dir.ts), a scenario by setScenario.
      if (event.e !== "webhook" && event.e !== "scenario") deps.recorder.record(event);
      applyEvent(deps, state, event, generations);
    }
    resumeWebhooks(deps, state, tenant);
    counts.generations += snap.generations.length;
    counts.batches += snap.batches.length;
    counts.assets += snap.assets.length;
    counts.webhooks += snap.webhooks.length;
  }
  deps.queue.clockChanged();
  return { scope: whole ? ("all" as const) : ("tenant" as const), tenants: snapshot.tenants.length, ...counts };
}

/** GET /__mock/state. */
export async function getStateHandler(c: Context<AppEnv>) {
  const tenant = (await optionalTenant(c)) as MemoryTenant | undefined;
  return c.json(exportState(c.var.deps, tenant), 200);
}

/** PUT /__mock/state: a snapshot, checked whole before anything changes. */
export async function putStateHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  stores(deps);
  const asKey = c.req.header(API_KEY_HEADER) || undefined;
  if (asKey !== undefined) await optionalTenant(c);
  const text = await readLimited(c, STATE_BODY_LIMIT);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw validationError([`the body is not JSON (${(error as Error).message})`]);
  }
  const snapshot = parseOr400(StateSnapshotSchema, document, "body");
  return c.json(await importState(deps, snapshot, asKey), 200);
}

/** GET /__mock/state/schema: the snapshot's JSON Schema (also `openapi/state.schema.json` in the package). */
export function getStateSchemaHandler(c: Context<AppEnv>) {
  return c.json(stateJsonSchema(), 200);
}

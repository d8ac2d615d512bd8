/**
 * State snapshots: `GET /__mock/state` exports one key's world (with its x-api-key) or the whole mock's as a
 * {@link StateSnapshot}; `PUT /__mock/state` imports one. An import is checked whole against the schema first,
 * so a document that does not fit changes nothing (400 naming the field); then the keys it names are reset and
 * rebuilt through their stores' interfaces (memory or Redis alike), each change recorded as the state log's
 * event, so a `--data-dir` mock keeps an imported world across a restart too.
 */
import type { Context } from "hono";
import { isoTime } from "../domain/clock.js";
import type { AppEnv } from "../env.js";
import { validationError } from "../http/errors.js";
import { readLimited } from "../http/json-body.js";
import { parseOr400 } from "../http/validation.js";
import { loggedBatch } from "../persistence/events.js";
import { resumeWebhook } from "../persistence/restore.js";
import { batchDelivery } from "../resources/batches/batches.service.js";
import type { BatchRecord } from "../resources/batches/batches.store.js";
import { generationDelivery } from "../resources/generations/generations.lifecycle.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { AppDeps } from "../services.js";
import type { Tenant } from "../tenants/tenant.js";
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

const timelineOut = (timeline: GenerationRecord["timeline"]) => timeline.map((step) => ({ status: step.status, at: neverAsNull(step.at) }));

/** One tenant's world, read through its stores (either backend), oldest first. */
async function tenantSnapshot(deps: AppDeps, tenant: Tenant): Promise<SnapshotTenant> {
  const now = tenant.now();
  const [generations, batches, assets, webhooks] = await Promise.all([
    tenant.generations.list({}, now),
    tenant.batches.list({}, now),
    tenant.assets.all(),
    deps.webhookLog.list({ tenant: tenant.apiKey }),
  ]);
  return {
    apiKey: tenant.apiKey,
    now: isoTime(now),
    scenario: tenant.scenarioOverride ?? null,
    generations: generations.reverse().map((record) => ({ ...record, timeline: timelineOut(record.timeline) })) as SnapshotTenant["generations"],
    batches: batches.reverse().map(loggedBatch) as SnapshotTenant["batches"],
    assets: [...assets] as SnapshotTenant["assets"],
    webhooks: webhooks.reverse() as SnapshotTenant["webhooks"],
  };
}

/** The snapshot of one tenant, or of every tenant and the server's scenario. */
export async function exportState(deps: AppDeps, tenant: Tenant | undefined): Promise<StateSnapshot> {
  const tenants = tenant ? [tenant] : await everyTenant(deps);
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    exportedAt: isoTime(deps.time.now(0)),
    scope: tenant ? "tenant" : "all",
    clock: { mode: deps.time.base.mode, globalShiftMs: deps.time.globalShiftMs },
    scenario: tenant ? null : deps.scenario(),
    tenants: await Promise.all(tenants.map((one) => tenantSnapshot(deps, one))),
  };
}

async function everyTenant(deps: AppDeps): Promise<Tenant[]> {
  const tenants = await Promise.all((await deps.tenants.apiKeys()).map((key) => deps.tenants.peek(key)));
  return tenants.filter((tenant): tenant is Tenant => tenant !== undefined);
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

/**
 * Rebuilds one tenant from a snapshot through its stores, each change recorded as the state log's event (a
 * no-op without --data-dir): the clock first, then the scenario, assets, generations, batches and webhook log;
 * last, the webhooks of jobs whose delivery the log does not show as settled are queued.
 */
async function importTenant(deps: AppDeps, tenant: Tenant, snap: SnapshotTenant): Promise<void> {
  const key = tenant.apiKey;
  // The key's clock starts where the snapshot's was: its own shift on top of this mock's shared time.
  // Deviation: that may be behind the mock's time (a key's clock otherwise only moves forward); the key is new.
  const shiftMs = Date.parse(snap.now) - deps.time.now(0);
  deps.recorder.record({ e: "tenant-clock", key, shiftMs });
  await deps.tenants.startClock(tenant, shiftMs);
  if (snap.scenario) await setScenario(deps, tenant, snap.scenario as Scenario);
  for (const record of snap.assets) {
    deps.recorder.record({ e: "asset", key, record });
    await tenant.assets.add(record);
  }
  const now = tenant.now();
  const generations = new Map<string, GenerationRecord>();
  for (const stored of snap.generations) {
    const record = { ...stored, timeline: stored.timeline.map((step) => ({ status: step.status, at: nullAsNever(step.at) })) } as GenerationRecord;
    generations.set(record.id, record);
    deps.recorder.record({ e: "generation", key, record });
    // Batch items are stored with their batch.
    if (record.batchId === null) await tenant.generations.admit(record, { limit: Number.POSITIVE_INFINITY, now, deliveries: [], assets: [] });
  }
  const batches: BatchRecord[] = [];
  for (const logged of snap.batches) {
    const { items, itemsStartAt, failsAt, ...rest } = logged;
    const restored = items.map(({ generationId, ...item }) => ({ ...item, generation: generations.get(generationId)! }));
    const record: BatchRecord = { ...rest, items: restored, timeline: { itemsStartAt, items: restored.map((i) => i.generation.timeline), failsAt } };
    batches.push(record);
    deps.recorder.record({ e: "batch", key, record: logged });
    await tenant.batches.admit(record, { limit: Number.POSITIVE_INFINITY, now, deliveries: [] });
  }
  // Recorded in the state log by its own observer (persistence/data-dir.ts).
  for (const attempt of snap.webhooks) await deps.webhookLog.record({ ...attempt, tenant: key } as DeliveryAttempt);
  for (const record of generations.values()) await resumeWebhook(deps, tenant, generationDelivery(tenant, record));
  for (const record of batches) await resumeWebhook(deps, tenant, batchDelivery(tenant, record));
}

/** Replaces the worlds a snapshot names (all of them with scope `all`; `asKey`: import its one tenant as this key). */
export async function importState(deps: AppDeps, snapshot: StateSnapshot, asKey: string | undefined) {
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
    const tenant = await deps.tenants.resolve(key);
    // Deviation: a key the scenario in force refuses cannot hold a world (it would answer 401 to everything).
    if (!tenant) throw validationError([`tenants.${snapshot.tenants.indexOf(snap)}.apiKey ${key} is refused by the scenario in force`]);
    await importTenant(deps, tenant, snap);
    counts.generations += snap.generations.length;
    counts.batches += snap.batches.length;
    counts.assets += snap.assets.length;
    counts.webhooks += snap.webhooks.length;
  }
  await deps.queue.clockChanged();
  return { scope: whole ? ("all" as const) : ("tenant" as const), tenants: snapshot.tenants.length, ...counts };
}

/** GET /__mock/state. */
export async function getStateHandler(c: Context<AppEnv>) {
  return c.json(await exportState(c.var.deps, await optionalTenant(c)), 200);
}

/** PUT /__mock/state: a snapshot, checked whole before anything changes. */
export async function putStateHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
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

/**
 * GET /__mock/jobs and GET /__mock/tenants: every key's generations and batches as the inspector shows them
 * (status on the key's clock, the planned timeline, the outcome), and the keys the mock has seen. Read through
 * the stores, never through /v2, so looking at a job neither journals a request nor counts toward a rule or a
 * rate limit.
 */
import type { Context } from "hono";
import { batchStatusAt, batchTerminalAt, firstItemStartAt } from "../domain/batch-machine.js";
import { isoTime } from "../domain/clock.js";
import { statusAt } from "../domain/job-machine.js";
import type { AppEnv } from "../env.js";
import { parseOr400 } from "../http/validation.js";
import { batchResultUrl, isBatchTerminal, serializeBatch } from "../resources/batches/batches.serialize.js";
import type { BatchRecord } from "../resources/batches/batches.store.js";
import { resultUrl } from "../resources/generations/generations.serialize.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { Tenant } from "../tenants/tenant.js";
import { optionalTenant } from "./admin.handlers.js";
import { JobsQuerySchema, type AdminJob, type TimelinePoint } from "./admin.schemas.js";

const DEFAULT_JOBS = 100;

/** A planned time as the page shows it: ISO, or null for a step that waits on polls (or never comes). */
const plannedAt = (at: number): string | null => (Number.isFinite(at) ? isoTime(at) : null);

function generationJob(tenant: Tenant, record: GenerationRecord, now: number, publicUrl: string): AdminJob {
  const status = statusAt(record.timeline, now);
  const failed = status !== "COMPLETED" && record.outcome.status !== "COMPLETED" && (status === "FAILED" || status === "REJECTED");
  return {
    kind: "generation",
    id: record.id,
    tenant: tenant.apiKey,
    status,
    createdAt: isoTime(record.createdAt),
    now: isoTime(now),
    model: record.model,
    progression: record.progression,
    timeline: record.timeline.map((step): TimelinePoint => ({ status: step.status, at: plannedAt(step.at) })),
    errorCode: failed && "errorCode" in record.outcome ? record.outcome.errorCode : null,
    error: failed && "error" in record.outcome ? record.outcome.error : null,
    outputUrl: status === "COMPLETED" ? resultUrl(publicUrl, record) : null,
    webhookUrl: record.webhookUrl,
    rule: record.rule,
    metrics: null,
  };
}

function batchJob(tenant: Tenant, record: BatchRecord, now: number, publicUrl: string): AdminJob {
  const status = batchStatusAt(record.timeline, now);
  const ends = batchTerminalAt(record.timeline);
  const failsFirst = record.timeline.failsAt !== null && record.timeline.failsAt <= ends;
  const timeline: TimelinePoint[] = [
    { status: "PENDING", at: isoTime(record.createdAt) },
    { status: "JOBS_CREATED", at: plannedAt(record.timeline.itemsStartAt) },
    { status: "PROCESSING", at: plannedAt(firstItemStartAt(record.timeline)) },
    { status: failsFirst ? "FAILED" : "COMPLETED", at: plannedAt(ends) },
  ];
  return {
    kind: "batch",
    id: record.id,
    tenant: tenant.apiKey,
    status,
    createdAt: isoTime(record.createdAt),
    now: isoTime(now),
    model: null,
    progression: "time",
    timeline,
    errorCode: status === "FAILED" ? (record.failure?.code ?? null) : null,
    error: status === "FAILED" ? (record.failure?.message ?? null) : null,
    outputUrl: isBatchTerminal(record, now) ? batchResultUrl(publicUrl, record) : null,
    webhookUrl: record.webhookUrl,
    rule: record.rule,
    metrics: serializeBatch(record, now, publicUrl).metrics,
  };
}

/** Every tenant named (the one of x-api-key), or all of them. */
async function tenantsInView(c: Context<AppEnv>): Promise<Tenant[]> {
  const { tenants } = c.var.deps;
  const one = await optionalTenant(c);
  if (one) return [one];
  const found = await Promise.all((await tenants.apiKeys()).map((key) => tenants.peek(key)));
  return found.filter((tenant) => tenant !== undefined);
}

// Deviation (README "The inspector"): a batch's items are not listed on their own; they are in its counts.
/** GET /__mock/jobs: stand-alone generations and batches, newest first (a batch's items are in its counts). */
export async function listJobsHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  const { limit } = parseOr400(JobsQuerySchema, c.req.query(), "query");
  const publicUrl = deps.publicUrl();
  const jobs: AdminJob[] = [];
  for (const tenant of await tenantsInView(c)) {
    const now = tenant.now();
    for (const record of await tenant.generations.list({}, now)) if (record.batchId === null) jobs.push(generationJob(tenant, record, now, publicUrl));
    for (const record of await tenant.batches.list({}, now)) jobs.push(batchJob(tenant, record, now, publicUrl));
  }
  // ISO times of one format sort as text; ties keep the stores' newest-first order.
  jobs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return c.json({ items: jobs.slice(0, limit ?? DEFAULT_JOBS) }, 200);
}

/** GET /__mock/tenants: the keys the mock has seen, with their plan, clock and scenario. */
export async function listTenantsHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  const items = (await tenantsInView(c)).map((tenant) => ({
    apiKey: tenant.apiKey,
    plan: tenant.plan,
    now: isoTime(tenant.now()),
    shiftMs: tenant.shiftMs,
    scenario: { scope: tenant.scenarioOverride ? ("tenant" as const) : ("server" as const), name: (tenant.scenarioOverride ?? deps.scenario()).name },
  }));
  return c.json({ items }, 200);
}

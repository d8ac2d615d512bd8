/**
 * Handlers of the Batch API: read the request, call the validator and the service, serialize at the tenant's
 * time.
 */
import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { BATCH_STATUSES } from "../../domain/batch-machine.js";
import type { AppEnv } from "../../env.js";
import { apiError, validationError } from "../../http/errors.js";
import { dateParam, enumListParam } from "../../http/query.js";
import { readBatchForm } from "./batches.multipart.js";
import { isRowsRequest, readBatchRows, ROWS_WORDING } from "./batches.rows.js";
import type { batchResultRoute, getBatchRoute, listBatchesRoute } from "./batches.routes.js";
import { batchResultFile, isBatchTerminal, serializeBatch } from "./batches.serialize.js";
import { createBatch, pollBatch, requireBatchPlan } from "./batches.service.js";
import { payloadChecker, validateBatchFile } from "./batches.validate.js";
import type { Tenant } from "../../tenants/tenant.js";
import type { AssetLookup } from "../generations/generations.service.js";

/**
 * POST /v2/batch, a JSONL file (multipart) or rows (JSON). Order of answers: 402 before the body is read (the plan cannot change by uploading), then
 * every problem of form and file in one 400, then a dry run's VALIDATED (it creates nothing, so it is not
 * held to the running-batch limit), then 429 or the new batch.
 */
export async function createBatchHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  requireBatchPlan(tenant);
  const limits = scenario.limits.batch;
  const rows = isRowsRequest(c);
  const form = rows ? await readBatchRows(c, limits) : await readBatchForm(c, limits);
  const problems = [...form.problems];
  // Lines may name the tenant's assets; their checks are synchronous, so the assets are read first (only when
  // the file mentions any).
  const findAsset = form.file && Buffer.from(form.file.buffer, form.file.byteOffset, form.file.byteLength).includes("assetId") ? await tenantAssets(tenant) : () => undefined;
  const checked = form.file ? validateBatchFile(form.file, limits, payloadChecker(findAsset), rows ? ROWS_WORDING : undefined) : undefined;
  if (checked && !checked.ok) problems.push(...checked.problems);
  if (problems.length > 0 || !checked?.ok) throw validationError(problems);
  if (form.dryRun) return c.json({ status: "VALIDATED" as const }, 201);
  const record = await createBatch(deps, tenant, { scenario, headers: c.req.header() }, checked.lines, form.webhookUrl, findAsset);
  if (record.rule) c.set("rule", record.rule);
  return c.json(serializeBatch(record, tenant.now(), deps.publicUrl()), 201);
}

/** Every asset of the tenant, by id. */
async function tenantAssets(tenant: Tenant): Promise<AssetLookup> {
  const byId = new Map((await tenant.assets.all()).map((asset) => [asset.id, asset]));
  return (id) => byId.get(id);
}

/** GET /v2/batch/{id}. */
export const getBatchHandler: RouteHandler<typeof getBatchRoute, AppEnv> = async (c) => {
  const { deps, tenant } = c.var;
  const { id } = c.req.valid("param");
  const record = await tenant.batches.get(id);
  if (!record) throw apiError("batch_not_found", id);
  await pollBatch(deps, tenant, record);
  return c.json(serializeBatch(record, tenant.now(), deps.publicUrl()), 200);
};

/** GET /v2/batch. */
export const listBatchesHandler: RouteHandler<typeof listBatchesRoute, AppEnv> = async (c) => {
  const { deps, tenant } = c.var;
  const statuses = enumListParam(c, "status", BATCH_STATUSES);
  const createdAfter = dateParam(c, "created_after");
  const createdBefore = dateParam(c, "created_before");
  const now = tenant.now();
  const records = await tenant.batches.list({ statuses, createdAfter, createdBefore }, now);
  const publicUrl = deps.publicUrl();
  return c.json(records.map((r) => serializeBatch(r, now, publicUrl)), 200);
};

/** GET /v2/batches/{id}/result: public, for whoever holds the token, once the batch is COMPLETED or FAILED. */
export const batchResultHandler: RouteHandler<typeof batchResultRoute, AppEnv> = async (c) => {
  const { deps } = c.var;
  const { id } = c.req.valid("param");
  const { token } = c.req.valid("query");
  const tenant = await deps.tenants.publicOwner(id);
  const record = await tenant?.batches.get(id);
  if (!tenant || !record || record.resultToken !== token) throw apiError("result_not_found");
  const now = tenant.now();
  if (!isBatchTerminal(record, now)) throw apiError("result_not_found");
  // Deviation: the real API answers with a 302 to a signed storage URL; the mock serves the file itself.
  return c.body(batchResultFile(record, now, deps.publicUrl()), 200, {
    "Content-Type": "application/x-ndjson",
    "Content-Disposition": `inline; filename="${record.id}_results.jsonl"`,
  }) as never;
};

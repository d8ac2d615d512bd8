/**
 * Handlers of the organization-scoped generation operations.
 */
// Deviation: the mock has no organizations or users; a key is its own organization (and its only user).
import { UUID } from "../../domain/ids.js";
import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { GENERATION_STATUSES, statusAt, TERMINAL_STATUSES } from "../../domain/job-machine.js";
import type { AppEnv } from "../../env.js";
import { apiError } from "../../http/errors.js";
import { enumListParam, listParam } from "../../http/query.js";
import type { countGenerationsRoute } from "./generations.manage.routes.js";
import { resultUrl, serializeGeneration } from "./generations.serialize.js";
import type { GenerationRecord } from "./generations.store.js";

/** The key's generation named by the path (400 for a malformed id, 404 for an unknown one). */
async function pathGeneration(c: Context<AppEnv>): Promise<GenerationRecord> {
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) throw apiError("invalid_generation_id", id);
  const record = await c.get("tenant").generations.get(id);
  if (!record) throw apiError("generation_not_found", id);
  return record;
}

/** DELETE /v2/generations/{id}: only a finished stand-alone generation; answers it as it was. */
export async function deleteGenerationHandler(c: Context<AppEnv>): Promise<Response> {
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  const record = await pathGeneration(c);
  if (record.batchId !== null) {
    throw apiError("generation_conflict", `Generation ${record.id} belongs to batch ${record.batchId}; it is kept with its batch and cannot be deleted alone`);
  }
  const now = tenant.now();
  // Finished stays finished (tenant time only moves forward), so nothing can change between this check and the removal.
  if (!TERMINAL_STATUSES.has(statusAt(record.timeline, now))) throw apiError("generation_not_deletable_while_processing", record.id);
  const answer = serializeGeneration(record, now, deps.publicUrl());
  // False when a concurrent request removed it meanwhile: that one deleted it, not this one.
  if (!(await tenant.generations.remove(record.id))) throw apiError("generation_not_found", record.id);
  deps.recorder.record({ e: "generation-removed", key: tenant.apiKey, id: record.id });
  return c.json(answer, 200);
}

/** GET /v2/generations/{id}/download: the output's URL as plain text, once the generation is COMPLETED. */
export async function downloadGenerationHandler(c: Context<AppEnv>): Promise<Response> {
  const record = await pathGeneration(c);
  const status = statusAt(record.timeline, c.get("tenant").now());
  if (status !== "COMPLETED") throw apiError("generation_conflict", `Generation ${record.id} is ${status}; only a COMPLETED generation has an output to download`);
  // Deviation: there is no watermarked derivative; every plan gets the one output, the same URL as outputUrl.
  return c.text(resultUrl(c.get("deps").publicUrl(), record), 200);
}

/** GET /v2/generations/count: how many of the key's generations match every filter given. */
export const countGenerationsHandler: RouteHandler<typeof countGenerationsRoute, AppEnv> = async (c) => {
  const tenant = c.get("tenant");
  const query = c.req.valid("query");
  const statuses = enumListParam(c, "status", GENERATION_STATUSES);
  const ids = listParam(c, "ids");
  // Every mock generation was made through the API, by the key's own user, with no source label.
  const none = query.type === "playground" || listParam(c, "source") !== undefined || (query.generationSource !== undefined && query.generationSource !== "api");
  if (none) return c.json({ count: 0 }, 200);
  const records = await tenant.generations.list({ statuses, ids: ids ? new Set(ids) : undefined }, tenant.now());
  return c.json({ count: records.length }, 200);
};

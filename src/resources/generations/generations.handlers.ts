/**
 * Handlers of the Generate API: read the request, call the service, serialize at the tenant's time.
 */
import { UUID } from "../../domain/ids.js";
import type { RouteHandler } from "@hono/zod-openapi";
import type { Context } from "hono";
import { andThen } from "../../domain/awaitable.js";
import { estimateCost } from "../../domain/cost.js";
import { GENERATION_STATUSES, terminalAt } from "../../domain/job-machine.js";
import { outputDurationSeconds } from "../../domain/outcome.js";
import type { AppEnv } from "../../env.js";
import { apiError } from "../../http/errors.js";
import { readValidJson } from "../../http/json-body.js";
import type { Answer } from "../../http/steps.js";
import { isMultipart } from "../../http/multipart.js";
import { requestHeader } from "../../http/request-header.js";
import { enumListParam, listParam, validQuery } from "../../http/query.js";
import { parseOr400 } from "../../http/validation.js";
import { readMultipartCreate } from "./generations.multipart.js";
import type { listGenerationsRoute } from "./generations.routes.js";
import { CreateGenerationDtoSchema, EstimateCostRequestSchema, GetGenerationQuerySchema } from "./generations.schemas.js";
import { serializeGeneration } from "./generations.serialize.js";
import { pollGenerations } from "./generations.lifecycle.js";
import { assertValidRequest, assetLookup, createGeneration, resolveInputs, type CreateContext } from "./generations.service.js";
import { UnknownCursorError, type GenerationRecord } from "./generations.store.js";

const DEFAULT_WAIT_SECONDS = 5;

/** The request as scenario rules see it (its headers are only gathered when the scenario has rules). */
function createContext(c: Context<AppEnv>): CreateContext {
  const scenario = c.get("scenario");
  const hasRules = scenario.rules.length > 0 || scenario.batchRules.length > 0;
  return { scenario, headers: hasRules ? c.req.header() : {} };
}

/** POST /v2/generate, JSON or multipart. */
export async function createGenerationHandler(c: Context<AppEnv>): Promise<Response> {
  // c.get, not c.var: the c.var getter copies every context variable into a new object on each use.
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  const scenario = c.get("scenario");
  let record: GenerationRecord;
  if (isMultipart(requestHeader(c, "content-type"))) {
    const upload = await readMultipartCreate(c);
    try {
      const dto = parseOr400(CreateGenerationDtoSchema, upload.body);
      record = await createGeneration(deps, tenant, dto, createContext(c), upload.uploads);
    } catch (error) {
      await upload.discard();
      throw error;
    }
  } else {
    const dto = await readValidJson(c, CreateGenerationDtoSchema, scenario.limits.maxJsonBytes);
    record = await createGeneration(deps, tenant, dto, createContext(c));
  }
  if (record.rule) c.set("rule", record.rule);
  return c.json(serializeGeneration(record, tenant.now(), deps.publicUrl()), 201);
}

/**
 * GET /v2/generate/{id}, with the optional long poll. The endpoint clients poll, so it checks its query itself
 * (same rules, same 400) instead of through the route's two async validator layers, which were a sixth of its
 * CPU, and answers a plain poll synchronously (see `http/steps.ts`). The path parameter needs no check beyond
 * the UUID test: a path segment is always a string.
 */
export function getGenerationHandler(c: Context<AppEnv>): Answer {
  const tenant = c.get("tenant");
  const id = c.req.param("id") ?? "";
  const query = validQuery(c, GetGenerationQuerySchema);
  if (!UUID.test(id)) throw apiError("invalid_generation_id", id);
  const progress = query.include !== undefined && query.include.split(",").some((part) => part.trim() === "progress");
  const found = tenant.generations.get(id);
  return found instanceof Promise ? found.then((record) => answerPoll(c, id, record, query, progress)) : answerPoll(c, id, found, query, progress);
}

/** A poll's answer once the record is read. */
function answerPoll(c: Context<AppEnv>, id: string, record: GenerationRecord | undefined, query: { wait?: string; timeout?: number }, progress: boolean): Answer {
  if (!record) throw apiError("generation_not_found", id);
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  // A poll-driven job moves on when read; waiting could not move it further, so a long poll returns at once.
  if (record.progression === "polls") return andThen(pollGenerations(deps, tenant, [record]), () => answerRecord(c, record, query, progress, true));
  return answerRecord(c, record, query, progress, false);
}

function answerRecord(c: Context<AppEnv>, record: GenerationRecord, query: { wait?: string; timeout?: number }, progress: boolean, polled: boolean): Answer {
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  if (query.wait === "true") {
    if (progress) throw apiError("invalid_query", "wait=true cannot be combined with include=progress");
    return longPoll(c, record, query.timeout ?? DEFAULT_WAIT_SECONDS, polled);
  }
  if (progress) return c.json(serializeGeneration(record, tenant.now(), deps.publicUrl(), { progress }), 200);
  // What c.json sends, from the text kept since the last poll when the status has not moved.
  return c.body(tenant.pollAnswers.text(record, tenant.now(), deps.publicUrl()), 200, { "Content-Type": "application/json" });
}

/** The long poll: answers when the job ends, when the clock is advanced past its end, or after the timeout. */
async function longPoll(c: Context<AppEnv>, record: GenerationRecord, timeoutSeconds: number, polled: boolean): Promise<Response> {
  const deps = c.get("deps");
  const tenant = c.get("tenant");
  // Deviation: the wait is real time even on a manual clock (a client's HTTP timeout is real); an advance ends it early.
  if (!polled) await deps.scheduler.waitUntil(terminalAt(record.timeline), tenant, timeoutSeconds * 1000, c.req.raw.signal);
  c.header("X-Sync-Wait-Mode", "long_poll");
  c.header("X-Sync-Wait-Timeout-Seconds", String(timeoutSeconds));
  c.header("Retry-After", "2");
  return c.json(serializeGeneration(record, tenant.now(), deps.publicUrl()), 200);
}

/** GET /v2/generations. */
export const listGenerationsHandler: RouteHandler<typeof listGenerationsRoute, AppEnv> = async (c) => {
  const { deps, tenant } = c.var;
  const { limit, cursor } = c.req.valid("query");
  if (cursor !== undefined && limit === undefined) throw apiError("invalid_query", "cursor requires limit");
  const statuses = enumListParam(c, "status", GENERATION_STATUSES);
  const idList = listParam(c, "ids");
  const now = tenant.now();
  try {
    const records = await tenant.generations.list({ statuses, ids: idList ? new Set(idList) : undefined, limit, cursor }, now);
    const publicUrl = deps.publicUrl();
    return c.json(records.map((r) => serializeGeneration(r, now, publicUrl)), 200);
  } catch (error) {
    // Deviation: a cursor naming a deleted generation is refused like any id the key lacks (the real API's answer is undocumented).
    if (error instanceof UnknownCursorError) throw apiError("invalid_query", `cursor "${cursor}" is not a generation of this key`);
    throw error;
  }
};

/** POST /v2/analyze/cost: the estimate for a full create request. */
export async function analyzeCostHandler(c: Context<AppEnv>): Promise<Response> {
  const { deps, tenant, scenario } = c.var;
  const dto = await readValidJson(c, CreateGenerationDtoSchema, scenario.limits.maxJsonBytes);
  const findAsset = await assetLookup(tenant, dto.input);
  assertValidRequest(dto, findAsset);
  const inputs = resolveInputs(deps, scenario, dto.input, findAsset);
  const seconds = outputDurationSeconds({ inputs, syncMode: dto.options?.sync_mode, hasSegments: !!dto.segments });
  const fps = inputs.find((i) => i.type === "video")?.media.fps ?? scenario.media.default.fps;
  return c.json([estimateCost(dto.model, seconds, fps)], 200);
}

/** POST /v2/generations/estimate: the estimate for a model, duration and frame rate. */
export async function estimateCostHandler(c: Context<AppEnv>): Promise<Response> {
  const body = await readValidJson(c, EstimateCostRequestSchema, c.var.scenario.limits.maxJsonBytes);
  return c.json({ ...estimateCost(body.model, body.duration, body.fps ?? 30), estimatedCredits: null }, 200);
}

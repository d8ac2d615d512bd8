/**
 * Creating a generation: the checks the real API makes before it answers, then the planned lifecycle.
 * Shared by JSON and multipart creates (and by batch items), so every path applies the same rules.
 */
import type { Awaitable } from "../../domain/awaitable.js";
import { generationRuleProblems } from "../../domain/generation-rules.js";
import { describeMedia, scriptSeconds, type MediaInfo } from "../../domain/media.js";
import { decideOutcome, type ResolvedInput } from "../../domain/outcome.js";
import { apiError, validationError, type ApiError } from "../../http/errors.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { AppDeps } from "../../services.js";
import type { Tenant } from "../../tenants/tenant.js";
import { assetUrl } from "../assets/assets.serialize.js";
import type { AssetRecord, AssetType } from "../assets/assets.store.js";
import type { CreateGenerationDto, GenerationInputDto } from "./generations.schemas.js";
import { generationDelivery, planGeneration } from "./generations.lifecycle.js";
import type { GenerationRecord, InFlight } from "./generations.store.js";

const SLOT_ASSET_TYPE: Readonly<Record<string, AssetType>> = { video: "VIDEO", audio: "AUDIO", image: "IMAGE" };

/** The request a generation is created in. */
export interface CreateContext {
  /** The scenario in force for the request. */
  readonly scenario: Scenario;
  /** The request's headers, names in lower case (scenario rules may match them). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Where a generation made from a request belongs (a batch item, or on its own). */
export interface PrepareOptions {
  /** The batch this generation is an item of (skips the concurrency limit). */
  readonly batchId: string | null;
  /**
   * Tenant time from which the generation's own phases run. Batch items wait for their batch's PENDING phase;
   * `createdAt` stays the real creation time and the wait is spent in PENDING.
   */
  readonly startsAt: number;
  /** The batch line's request_id (scenario rules may match it). */
  readonly requestId?: string;
}

/** The assets a request may name, by id (looked up before the checks, which are synchronous). */
export type AssetLookup = (id: string) => AssetRecord | undefined;

/** An `assetId` that names no asset of the tenant, and where it is in `input`. */
export interface MissingAsset {
  readonly index: number;
  readonly assetId: string;
}

/**
 * The checks that can be made without creating anything: cross-field rules and asset references. Unknown
 * assets are listed apart, because POST /v2/generate answers them with 404 while a batch line reports them
 * among its 400 problems (contract §10a).
 */
export function checkGenerationRequest(dto: CreateGenerationDto, findAsset: AssetLookup): { problems: string[]; missingAssets: MissingAsset[] } {
  const problems = generationRuleProblems(dto);
  const missingAssets: MissingAsset[] = [];
  dto.input.forEach((input, i) => {
    if (input.type === "text" || !input.assetId) return;
    const asset = findAsset(input.assetId);
    if (!asset) {
      missingAssets.push({ index: i, assetId: input.assetId });
      return;
    }
    const expected = SLOT_ASSET_TYPE[input.type];
    if (asset.type !== expected) problems.push(`input.${i}.assetId is a ${asset.type} asset, not ${expected}`);
  });
  return { problems, missingAssets };
}

/**
 * The lookup of the assets `inputs` name: the request's own uploads, then the tenant's (asked of its store only
 * when an input names one, so a create by URL pays for no read).
 */
export function assetLookup(tenant: Tenant, inputs: readonly GenerationInputDto[], uploads: readonly AssetRecord[] = []): Awaitable<AssetLookup> {
  const fromUploads = (id: string) => uploads.find((a) => a.id === id);
  const named = inputs.flatMap((input) => (input.type !== "text" && input.assetId && !fromUploads(input.assetId) ? [input.assetId] : []));
  if (named.length === 0) return fromUploads;
  const found = tenant.assets.getMany(named);
  const lookup = (stored: ReadonlyMap<string, AssetRecord>): AssetLookup => (id) => fromUploads(id) ?? stored.get(id);
  return found instanceof Promise ? found.then(lookup) : lookup(found);
}

/** An input with its URL (an uploaded asset's file URL) and what the media catalogue says about it. */
export interface LocatedInput extends ResolvedInput {
  readonly url: string | null;
}

/** What the scenario's media catalogue says about each input. */
export function resolveInputs(deps: AppDeps, scenario: Scenario, inputs: readonly GenerationInputDto[], findAsset: AssetLookup): LocatedInput[] {
  const catalogue = scenario.media;
  return inputs.map((input) => {
    if (input.type === "text") {
      const media: MediaInfo = { ...catalogue.default, durationSeconds: scriptSeconds(input.provider.script), reachable: true, valid: true };
      return { type: "text", media, url: null };
    }
    const asset = input.assetId ? findAsset(input.assetId) : undefined;
    const url = asset ? assetUrl(deps.publicUrl(), asset) : (input.url ?? "");
    return { type: input.type, media: describeMedia(url, catalogue.rules, catalogue.default), url };
  });
}

/** Throws the 400 or 404 of a request whose rules or asset references fail. */
export function assertValidRequest(dto: CreateGenerationDto, findAsset: AssetLookup): void {
  const { problems, missingAssets } = checkGenerationRequest(dto, findAsset);
  if (problems.length > 0) throw validationError(problems);
  if (missingAssets[0]) throw apiError("asset_not_found", missingAssets[0].assetId);
}

/**
 * Creates a generation for a schema-valid request: 400 for rule problems, 404 for an unknown asset, 429 over
 * the plan's concurrency, otherwise a stored record (with the request's uploads) whose whole lifecycle is
 * planned now.
 */
export async function createGeneration(
  deps: AppDeps,
  tenant: Tenant,
  dto: CreateGenerationDto,
  context: CreateContext,
  uploads: readonly AssetRecord[] = [],
): Promise<GenerationRecord> {
  const findAsset = await assetLookup(tenant, dto.input, uploads);
  assertValidRequest(dto, findAsset);
  const now = tenant.now();
  const limit = tenant.limits.concurrency;
  // Refused before anything is drawn or copied; the store checks again as it stores (another request may race).
  const inFlight = await tenant.generations.active(now);
  if (inFlight.count >= limit) throw concurrencyError(tenant, now, inFlight);
  const record = await prepareGeneration(deps, tenant, dto, context, findAsset, { batchId: null, startsAt: now });
  const delivery = generationDelivery(tenant, record);
  await deps.files.keep(uploads);
  const admission = await tenant.generations.admit(record, { limit, now, assets: uploads, deliveries: delivery ? [delivery] : [] });
  if (!admission.admitted) {
    await deps.files.remove(uploads);
    throw concurrencyError(tenant, now, admission);
  }
  for (const asset of uploads) deps.recorder.record({ e: "asset", key: tenant.apiKey, record: asset });
  deps.recorder.record({ e: "generation", key: tenant.apiKey, record });
  return record;
}

/**
 * The record of a generation for a request that passed its checks, with its whole lifecycle planned; nothing
 * is stored (the caller stores it alone, or with its batch).
 */
export function prepareGeneration(
  deps: AppDeps,
  tenant: Tenant,
  dto: CreateGenerationDto,
  context: CreateContext,
  findAsset: AssetLookup,
  options: PrepareOptions,
): Awaitable<GenerationRecord> {
  const now = tenant.now();
  const { scenario } = context;
  const inputs = resolveInputs(deps, scenario, dto.input, findAsset);
  const base = decideOutcome({
    model: dto.model,
    inputs,
    syncMode: dto.options?.sync_mode,
    hasSegments: !!dto.segments,
    maxGenerationSeconds: tenant.limits.maxGenerationSeconds,
  });
  const facts = {
    endpoint: options.batchId === null ? "POST /v2/generate" : "POST /v2/batch",
    headers: context.headers,
    model: dto.model,
    inputUrls: inputs.flatMap((i) => (i.url ? [i.url] : [])),
    requestId: options.requestId,
    options: dto.options ?? null,
  };
  const planned = planGeneration(deps, tenant, scenario, facts, base, dto.model, now, options.startsAt);
  const build = (plan: Awaited<typeof planned>): GenerationRecord => ({
    id: deps.ids.uuid(),
    createdAt: now,
    model: dto.model,
    input: dto.input as ReadonlyArray<Record<string, unknown>>,
    options: (dto.options ?? null) as Record<string, unknown> | null,
    segments: (dto.segments ?? null) as ReadonlyArray<Record<string, unknown>> | null,
    webhookUrl: dto.webhookUrl ?? null,
    outputFileName: dto.outputFileName ?? null,
    projectId: dto.projectId ?? null,
    timeline: plan.timeline,
    progression: plan.progression,
    outcome: plan.outcome,
    rule: plan.rule,
    webhookPolicy: scenario.webhooks,
    resultToken: deps.ids.uuid(),
    batchId: options.batchId,
  });
  return planned instanceof Promise ? planned.then(build) : build(planned);
}

/** The 429 of a tenant that already has as many stand-alone generations in flight as its plan allows. */
function concurrencyError(tenant: Tenant, now: number, { count, nextEndAt }: InFlight): ApiError {
  const limit = tenant.limits.concurrency;
  const retryAfterSeconds = Number.isFinite(nextEndAt) ? Math.max(1, Math.ceil((nextEndAt - now) / 1000)) : 60;
  return apiError(
    "concurrency_limit_reached",
    `You have too many generations in progress (${count} of ${limit} allowed on the ${tenant.plan} plan). Wait for one to finish or upgrade your plan.`,
    {
      extra: { activeGenerations: count, concurrencyLimit: limit, retryAfterSeconds },
      headers: { "Retry-After": String(retryAfterSeconds) },
    },
  );
}

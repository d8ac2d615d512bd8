/**
 * Creating a generation: the checks the real API makes before it answers, then the planned lifecycle.
 * Shared by JSON and multipart creates (and by batch items), so every path applies the same rules.
 */
import { generationRuleProblems } from "../../domain/generation-rules.js";
import { describeMedia, scriptSeconds, type MediaInfo } from "../../domain/media.js";
import { decideOutcome, type ResolvedInput } from "../../domain/outcome.js";
import type { AppDeps } from "../../deps.js";
import { apiError, validationError } from "../../http/errors.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { Tenant } from "../../tenants/tenant.js";
import { assetFileUrl } from "../assets/assets.serialize.js";
import type { AssetRecord, AssetType } from "../assets/assets.store.js";
import type { CreateGenerationDto, GenerationInputDto } from "./generations.schemas.js";
import { notifyWhenDone, planGeneration } from "./generations.lifecycle.js";
import type { GenerationRecord } from "./generations.store.js";

const SLOT_ASSET_TYPE: Readonly<Record<string, AssetType>> = { video: "VIDEO", audio: "AUDIO", image: "IMAGE" };

/** The request a generation is created in. */
export interface CreateContext {
  /** The scenario in force for the request. */
  readonly scenario: Scenario;
  /** The request's headers, names in lower case (scenario rules may match them). */
  readonly headers: Readonly<Record<string, string>>;
}

/** What else a create may carry. */
export interface CreateOptions {
  /** The batch this generation is an item of (skips the concurrency limit). */
  readonly batchId?: string | null;
  /** Assets uploaded with this request, stored only if the generation is created. */
  readonly uploads?: readonly AssetRecord[];
  /**
   * Tenant time from which the generation's own phases run (default: now). Batch items wait for their batch's
   * PENDING phase; `createdAt` stays the real creation time and the wait is spent in PENDING.
   */
  readonly startsAt?: number;
  /** The batch line's request_id (scenario rules may match it). */
  readonly requestId?: string;
}

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
export function checkGenerationRequest(
  tenant: Tenant,
  dto: CreateGenerationDto,
  uploads: readonly AssetRecord[] = [],
): { problems: string[]; missingAssets: MissingAsset[] } {
  const problems = generationRuleProblems(dto);
  const missingAssets: MissingAsset[] = [];
  dto.input.forEach((input, i) => {
    if (input.type === "text" || !input.assetId) return;
    const asset = findAsset(tenant, input.assetId, uploads);
    if (!asset) {
      missingAssets.push({ index: i, assetId: input.assetId });
      return;
    }
    const expected = SLOT_ASSET_TYPE[input.type];
    if (asset.type !== expected) problems.push(`input.${i}.assetId is a ${asset.type} asset, not ${expected}`);
  });
  return { problems, missingAssets };
}

function findAsset(tenant: Tenant, id: string, uploads: readonly AssetRecord[]): AssetRecord | undefined {
  return uploads.find((a) => a.id === id) ?? tenant.assets.get(id);
}

/** An input with its URL (an uploaded asset's file URL) and what the media catalogue says about it. */
export interface LocatedInput extends ResolvedInput {
  readonly url: string | null;
}

/** What the scenario's media catalogue says about each input. */
export function resolveInputs(
  deps: AppDeps,
  tenant: Tenant,
  scenario: Scenario,
  inputs: readonly GenerationInputDto[],
  uploads: readonly AssetRecord[] = [],
): LocatedInput[] {
  const catalogue = scenario.media;
  return inputs.map((input) => {
    if (input.type === "text") {
      const media: MediaInfo = { ...catalogue.default, durationSeconds: scriptSeconds(input.provider.script), reachable: true, valid: true };
      return { type: "text", media, url: null };
    }
    const asset = input.assetId ? findAsset(tenant, input.assetId, uploads) : undefined;
    const url = asset ? assetFileUrl(deps.publicUrl(), asset) : (input.url ?? "");
    return { type: input.type, media: describeMedia(url, catalogue.rules, catalogue.default), url };
  });
}

/**
 * Creates a generation for a schema-valid request: 400 for rule problems, 404 for an unknown asset, 429 over
 * the plan's concurrency, otherwise a stored record whose whole lifecycle is planned now.
 */
export function createGeneration(
  deps: AppDeps,
  tenant: Tenant,
  dto: CreateGenerationDto,
  context: CreateContext,
  options: CreateOptions = {},
): GenerationRecord {
  const uploads = options.uploads ?? [];
  const batchId = options.batchId ?? null;
  const { problems, missingAssets } = checkGenerationRequest(tenant, dto, uploads);
  if (problems.length > 0) throw validationError(problems);
  if (missingAssets[0]) throw apiError("asset_not_found", missingAssets[0].assetId);

  const now = tenant.now();
  if (batchId === null) enforceConcurrency(tenant, now);

  const { scenario } = context;
  const inputs = resolveInputs(deps, tenant, scenario, dto.input, uploads);
  const base = decideOutcome({
    model: dto.model,
    inputs,
    syncMode: dto.options?.sync_mode,
    hasSegments: !!dto.segments,
    maxGenerationSeconds: tenant.limits.maxGenerationSeconds,
  });
  const facts = {
    endpoint: batchId === null ? "POST /v2/generate" : "POST /v2/batch",
    headers: context.headers,
    model: dto.model,
    inputUrls: inputs.flatMap((i) => (i.url ? [i.url] : [])),
    requestId: options.requestId,
    options: dto.options ?? null,
  };
  const plan = planGeneration(deps, tenant, scenario, facts, base, dto.model, now, options.startsAt ?? now);

  const record: GenerationRecord = {
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
    batchId,
  };
  for (const asset of uploads) {
    deps.recorder.record({ e: "asset", key: tenant.apiKey, record: asset });
    tenant.assets.add(asset);
    deps.tenants.registerPublic(asset.id, tenant);
  }
  deps.recorder.record({ e: "generation", key: tenant.apiKey, record });
  tenant.generations.add(record);
  notifyWhenDone(deps, tenant, record);
  return record;
}

/** 429 when the tenant already has as many stand-alone generations in flight as its plan allows. */
function enforceConcurrency(tenant: Tenant, now: number): void {
  const limit = tenant.limits.concurrency;
  const { count, nextEndAt } = tenant.generations.active(now);
  if (count < limit) return;
  const retryAfterSeconds = Number.isFinite(nextEndAt) ? Math.max(1, Math.ceil((nextEndAt - now) / 1000)) : 60;
  throw apiError(
    "concurrency_limit_reached",
    `You have too many generations in progress (${count} of ${limit} allowed on the ${tenant.plan} plan). Wait for one to finish or upgrade your plan.`,
    {
      extra: { activeGenerations: count, concurrencyLimit: limit, retryAfterSeconds },
      headers: { "Retry-After": String(retryAfterSeconds) },
    },
  );
}

/**
 * Creating a generation: the checks the real API makes before it answers, then the planned lifecycle.
 * Shared by JSON and multipart creates (and by batch items), so every path applies the same rules.
 */
import { generationRuleProblems } from "../../domain/generation-rules.js";
import { planTimeline, terminalAt, type PhaseDurations } from "../../domain/job-machine.js";
import { describeMedia, scriptSeconds, type MediaInfo } from "../../domain/media.js";
import { decideOutcome, type ResolvedInput } from "../../domain/outcome.js";
import type { AppDeps } from "../../deps.js";
import { apiError, validationError } from "../../http/errors.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { Tenant } from "../../tenants/tenant.js";
import { assetFileUrl } from "../assets/assets.serialize.js";
import type { AssetRecord, AssetType } from "../assets/assets.store.js";
import type { CreateGenerationDto, GenerationInputDto } from "./generations.schemas.js";
import { serializeGeneration } from "./generations.serialize.js";
import type { GenerationRecord } from "./generations.store.js";

const SLOT_ASSET_TYPE: Readonly<Record<string, AssetType>> = { video: "VIDEO", audio: "AUDIO", image: "IMAGE" };

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

/** How long each phase of a generation lasts under the scenario's timing. */
export function phaseDurations(scenario: Scenario, model: string, outputSeconds: number): PhaseDurations {
  const timing = scenario.timing;
  const perModel = timing.models[model] ?? {};
  const perSecond = perModel.processingMsPerOutputSecond ?? timing.processingMsPerOutputSecond;
  return {
    pendingMs: perModel.pendingMs ?? timing.pendingMs,
    processingMs: (perModel.processingMs ?? timing.processingMs) + perSecond * outputSeconds,
  };
}

/** What the media catalogue says about each input. */
export function resolveInputs(
  deps: AppDeps,
  tenant: Tenant,
  inputs: readonly GenerationInputDto[],
  uploads: readonly AssetRecord[] = [],
): ResolvedInput[] {
  const catalogue = deps.scenario().media;
  return inputs.map((input) => {
    if (input.type === "text") {
      const media: MediaInfo = { ...catalogue.default, durationSeconds: scriptSeconds(input.provider.script), reachable: true, valid: true };
      return { type: "text", media };
    }
    const asset = input.assetId ? findAsset(tenant, input.assetId, uploads) : undefined;
    const url = asset ? assetFileUrl(deps.publicUrl(), asset) : (input.url ?? "");
    return { type: input.type, media: describeMedia(url, catalogue.rules, catalogue.default) };
  });
}

/**
 * Creates a generation for a schema-valid request: 400 for rule problems, 404 for an unknown asset, 429 over
 * the plan's concurrency, otherwise a stored record whose whole lifecycle is planned now.
 */
export function createGeneration(deps: AppDeps, tenant: Tenant, dto: CreateGenerationDto, options: CreateOptions = {}): GenerationRecord {
  const uploads = options.uploads ?? [];
  const batchId = options.batchId ?? null;
  const { problems, missingAssets } = checkGenerationRequest(tenant, dto, uploads);
  if (problems.length > 0) throw validationError(problems);
  if (missingAssets[0]) throw apiError("asset_not_found", missingAssets[0].assetId);

  const now = tenant.now();
  if (batchId === null) enforceConcurrency(tenant, now);

  const scenario = deps.scenario();
  const inputs = resolveInputs(deps, tenant, dto.input, uploads);
  const outcome = decideOutcome({
    model: dto.model,
    inputs,
    syncMode: dto.options?.sync_mode,
    hasSegments: !!dto.segments,
    maxGenerationSeconds: tenant.limits.maxGenerationSeconds,
  });
  const durations = phaseDurations(scenario, dto.model, outcome.outputDuration);
  // Waiting for a later start is time spent in PENDING, so the timeline still begins at creation.
  const waitMs = Math.max(0, (options.startsAt ?? now) - now);
  const timeline = planTimeline(now, outcome.status, { ...durations, pendingMs: durations.pendingMs + waitMs });

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
    timeline,
    outcome,
    resultToken: deps.ids.uuid(),
    batchId,
  };
  for (const asset of uploads) {
    tenant.assets.add(asset);
    deps.tenants.registerPublic(asset.id, tenant);
  }
  tenant.generations.add(record);
  deps.tenants.registerPublic(record.id, tenant);
  // Deviation: the payload is the full Generation (both error-code spellings), a superset of GenerationNotification.
  if (record.webhookUrl) {
    deps.webhooks.notify(tenant, {
      jobId: record.id,
      jobType: "generation",
      event: outcome.status,
      url: record.webhookUrl,
      dueAt: terminalAt(timeline),
      payload: () => serializeGeneration(record, tenant.now(), deps.publicUrl()),
    });
  }
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

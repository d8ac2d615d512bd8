/**
 * How long jobs take: a preset (instant, fast, realistic) under whatever the scenario sets explicitly.
 * Precedence, highest first: the scenario's per-model value, its top-level value, the preset's per-model value,
 * the preset's top-level value.
 */
import type { PhaseDurations } from "./job-machine.js";

export const TIMING_PRESETS = ["instant", "fast", "realistic"] as const;
export type TimingPreset = (typeof TIMING_PRESETS)[number];

/** Phase lengths, any of which may be left to the preset. */
export interface PhaseTiming {
  readonly pendingMs?: number | undefined;
  readonly processingMs?: number | undefined;
  readonly processingMsPerOutputSecond?: number | undefined;
}

/** The timing part of a scenario. */
export interface TimingSpec extends PhaseTiming {
  readonly preset: TimingPreset;
  readonly models: Readonly<Record<string, PhaseTiming>>;
  readonly batch: { readonly pendingMs?: number | undefined };
}

interface Preset {
  readonly base: Required<PhaseTiming>;
  readonly models: Readonly<Record<string, PhaseTiming>>;
  readonly batchPendingMs: number;
}

/**
 * `fast` is the default: a generation completes 1.25 s after creation, a batch about 1.75 s.
 * `instant`: terminal at the first read. `realistic`: roughly the real service (facts §8.5: lipsync-2 takes
 * 1–3 min for 30 s of video, sync-3 10–15 min), so a client's patience and timeouts can be tried.
 */
export const PRESETS: Readonly<Record<TimingPreset, Preset>> = {
  instant: { base: { pendingMs: 0, processingMs: 0, processingMsPerOutputSecond: 0 }, models: {}, batchPendingMs: 0 },
  fast: { base: { pendingMs: 250, processingMs: 1_000, processingMsPerOutputSecond: 0 }, models: {}, batchPendingMs: 500 },
  realistic: {
    base: { pendingMs: 5_000, processingMs: 10_000, processingMsPerOutputSecond: 4_000 },
    models: {
      "lipsync-1.9.0-beta": { processingMsPerOutputSecond: 1_500 },
      "lipsync-2": { processingMsPerOutputSecond: 4_000 },
      "lipsync-2-pro": { processingMsPerOutputSecond: 7_000 },
      "sync-3": { processingMsPerOutputSecond: 25_000 },
      "react-1": { processingMsPerOutputSecond: 5_000 },
    },
    batchPendingMs: 30_000,
  },
};

function pick(key: keyof PhaseTiming, spec: TimingSpec, model: string): number {
  const preset = PRESETS[spec.preset];
  return spec.models[model]?.[key] ?? spec[key] ?? preset.models[model]?.[key] ?? preset.base[key];
}

/** How long each phase of a generation of `model` with `outputSeconds` of output lasts. */
export function phaseDurations(spec: TimingSpec, model: string, outputSeconds: number): PhaseDurations {
  return {
    pendingMs: pick("pendingMs", spec, model),
    processingMs: pick("processingMs", spec, model) + pick("processingMsPerOutputSecond", spec, model) * outputSeconds,
  };
}

/** How long a batch stays PENDING before its items start. */
export function batchPendingMs(spec: TimingSpec): number {
  return spec.batch.pendingMs ?? PRESETS[spec.preset].batchPendingMs;
}

/**
 * How a generation ends when no scenario rule says otherwise: decided from what the media catalogue knows about
 * its inputs, its model and the tenant's plan (contract §5). Pure: the same inputs always give the same outcome.
 */
import type { InputType } from "./generation-request.js";
import type { MediaInfo } from "./media.js";

/** Longest audio the real API accepts, in seconds. */
export const MAX_AUDIO_SECONDS = 300;
/** Longest input react-1 accepts, in seconds. */
export const REACT_MAX_INPUT_SECONDS = 15;

/** Messages for the failure codes the mock produces, worded after the real error catalogue (facts §4.2). */
export const FAILURE_MESSAGES = {
  generation_input_video_inaccessible: "The input video could not be accessed.",
  generation_input_audio_inaccessible: "The input audio could not be accessed.",
  generation_input_image_inaccessible: "The input image could not be accessed.",
  generation_input_video_invalid: "The provided video file has invalid metadata.",
  generation_input_audio_invalid: "The provided audio file has invalid metadata.",
  generation_input_image_invalid: "The provided image file is invalid.",
  generation_input_duration_greater_than_max_duration: `The input audio is longer than the maximum of ${MAX_AUDIO_SECONDS} seconds.`,
  generation_model_duration_exceeded: `The input exceeds this model's maximum duration of ${REACT_MAX_INPUT_SECONDS} seconds.`,
  generation_plan_duration_exceeded: "The output duration exceeds your plan's per-generation limit.",
  generation_pipeline_failed: "An error occurred in the generation pipeline.",
  generation_timeout: "The generation process exceeded the maximum allowed time.",
  generation_unknown_error: "An unexpected error occurred during the generation process.",
  generation_input_face_selection_invalid: "The face selection does not fit the input video.",
  generation_input_resolution_unsupported: "The input resolution is not supported.",
  generation_input_segments_invalid: "The segments are invalid for this input.",
  generation_infra_service_unavailable: "The infra service is unavailable.",
  account_payment_required: "Your account needs a payment method for this generation.",
} as const satisfies Record<string, string>;

/** A failure code the mock produces by itself (a scenario may script any other). */
export type FailureCode = keyof typeof FAILURE_MESSAGES;

/** The message for a failure code, or a generic one for codes the table does not know. */
export function failureMessage(code: string): string {
  return (FAILURE_MESSAGES as Readonly<Record<string, string>>)[code] ?? `Generation failed (${code}).`;
}

/** An input with what the catalogue says about it (text inputs: their spoken length). */
export interface ResolvedInput {
  readonly type: InputType;
  readonly media: MediaInfo;
}

/** What the outcome depends on. */
export interface OutcomeContext {
  readonly model: string;
  readonly inputs: readonly ResolvedInput[];
  readonly syncMode?: string | null | undefined;
  readonly hasSegments: boolean;
  /** The plan's per-generation cap, in seconds. */
  readonly maxGenerationSeconds: number;
}

/** A terminal result. */
export type Outcome =
  | { readonly status: "COMPLETED"; readonly outputDuration: number }
  | { readonly status: "FAILED" | "REJECTED"; readonly errorCode: string; readonly error: string; readonly outputDuration: number };

function failed(status: "FAILED" | "REJECTED", errorCode: string, outputDuration: number): Outcome {
  return { status, errorCode, error: failureMessage(errorCode), outputDuration };
}

/**
 * Output length in seconds (contract §10a). V is the visual input's duration and A the voice's (with segments,
 * the segments cover the video, so A = V). bounce, loop, remap and no mode → A; cut_off → min(A, V);
 * silence → max(A, V); an image has no duration of its own → A.
 */
export function outputDurationSeconds(ctx: Pick<OutcomeContext, "inputs" | "syncMode" | "hasSegments">): number {
  const visual = ctx.inputs.find((i) => i.type === "video" || i.type === "image");
  const voice = ctx.inputs.find((i) => i.type === "audio" || i.type === "text");
  const v = visual?.type === "video" ? visual.media.durationSeconds : undefined;
  const a = ctx.hasSegments && v !== undefined ? v : (voice?.media.durationSeconds ?? v ?? 0);
  if (v === undefined) return round2(a);
  switch (ctx.syncMode) {
    case "cut_off":
      return round2(Math.min(a, v));
    case "silence":
      return round2(Math.max(a, v));
    default:
      return round2(a);
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The default outcome: media problems FAIL the generation (first unreachable input, then first invalid one,
 * then audio over 300 s); react-1 over 15 s of input and outputs over the plan's cap are REJECTED.
 */
export function decideOutcome(ctx: OutcomeContext): Outcome {
  const duration = outputDurationSeconds(ctx);
  const media = ctx.inputs.filter((i) => i.type !== "text");
  const unreachable = media.find((i) => !i.media.reachable);
  if (unreachable) return failed("FAILED", `generation_input_${unreachable.type}_inaccessible`, duration);
  const invalid = media.find((i) => !i.media.valid);
  if (invalid) return failed("FAILED", `generation_input_${invalid.type}_invalid`, duration);
  if (ctx.inputs.some((i) => i.type === "audio" && i.media.durationSeconds > MAX_AUDIO_SECONDS)) {
    return failed("FAILED", "generation_input_duration_greater_than_max_duration", duration);
  }
  if (ctx.model === "react-1" && ctx.inputs.some((i) => i.type !== "image" && i.media.durationSeconds > REACT_MAX_INPUT_SECONDS)) {
    return failed("REJECTED", "generation_model_duration_exceeded", duration);
  }
  if (duration > ctx.maxGenerationSeconds) return failed("REJECTED", "generation_plan_duration_exceeded", duration);
  return { status: "COMPLETED", outputDuration: duration };
}

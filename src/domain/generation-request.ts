/**
 * The shape of a generation request as the pure rules see it: the parts of CreateGenerationDto that decide
 * validity and outcome. The HTTP layer's zod schema produces values of (a superset of) this shape.
 */

export type InputType = "video" | "audio" | "text" | "image";

/** One entry of `input`. Only the fields the rules read are named. */
export interface GenerationInput {
  readonly type: InputType;
  readonly url?: string | null | undefined;
  readonly assetId?: string | null | undefined;
  readonly refId?: string | null | undefined;
  readonly provider?: { readonly script: string } | undefined;
}

/** One entry of `segments`. */
export interface GenerationSegmentSpec {
  readonly startTime: number;
  readonly endTime: number;
  readonly audioInput: {
    readonly refId: string;
    readonly startTime?: number | null | undefined;
    readonly endTime?: number | null | undefined;
  };
}

/** A create-generation request. */
export interface GenerationRequest {
  readonly model: string;
  readonly input: readonly GenerationInput[];
  readonly options?: { readonly sync_mode?: string | null | undefined } | null | undefined;
  readonly segments?: readonly GenerationSegmentSpec[] | null | undefined;
  readonly outputFileName?: string | null | undefined;
  readonly dubParams?: unknown;
}

/** Whether an input is the visual one (video or image). */
export function isVisual(input: GenerationInput): boolean {
  return input.type === "video" || input.type === "image";
}

/** Whether an input is a voice (recorded audio or text to speech). */
export function isVoice(input: GenerationInput): boolean {
  return input.type === "audio" || input.type === "text";
}

/**
 * The synchronous rules of POST /v2/generate that a schema cannot express (contract §5): how inputs, segments
 * and options fit together. Each problem is one readable sentence naming the field, as the real API's 400
 * `message` array does. Used by the Generate API and, per line, by the Batch API.
 */
import { isVisual, isVoice, type GenerationRequest } from "./generation-request.js";

/** `outputFileName` as the real API allows it. */
export const OUTPUT_FILE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Every cross-field problem of a schema-valid request, in field order; empty when the request is fine. */
export function generationRuleProblems(req: GenerationRequest): string[] {
  const problems: string[] = [];
  const inputs = req.input;

  inputs.forEach((input, i) => {
    if (input.type !== "text" && !input.url && !input.assetId) {
      problems.push(`input.${i} must have either url or assetId`);
    }
  });

  const visuals = inputs.filter(isVisual).length;
  if (visuals !== 1) {
    problems.push(`input must contain exactly one video or image input (found ${visuals})`);
  }
  if (req.model !== "sync-3" && inputs.some((input) => input.type === "image")) {
    problems.push(`image input is only supported by model sync-3, not ${req.model}`);
  }

  const voices = inputs.map((input, index) => ({ input, index })).filter(({ input }) => isVoice(input));
  if (req.dubParams != null) {
    if (voices.length > 0) problems.push("dubParams cannot be combined with audio or text inputs");
  } else if (voices.length === 0) {
    problems.push("input must contain at least one audio or text input");
  }

  const segments = req.segments ?? undefined;
  if (segments === undefined) {
    if (voices.length > 1) problems.push("several audio or text inputs need segments to say which one plays when");
  } else {
    problems.push(...segmentProblems(req, voices));
  }

  if (req.outputFileName != null && !OUTPUT_FILE_NAME.test(req.outputFileName)) {
    problems.push("outputFileName must be 1-255 characters of letters, digits, underscores and hyphens");
  }
  return problems;
}

function segmentProblems(
  req: GenerationRequest,
  voices: ReadonlyArray<{ input: GenerationRequest["input"][number]; index: number }>,
): string[] {
  const problems: string[] = [];
  const firstIndexOfRef = new Map<string, number>();
  for (const { input, index } of voices) {
    if (!input.refId) {
      problems.push(`input.${index}.refId is required when segments are used`);
      continue;
    }
    const earlier = firstIndexOfRef.get(input.refId);
    if (earlier !== undefined) {
      problems.push(`input.${index}.refId "${input.refId}" duplicates input.${earlier}.refId`);
    } else {
      firstIndexOfRef.set(input.refId, index);
    }
  }
  (req.segments ?? []).forEach((segment, i) => {
    if (!firstIndexOfRef.has(segment.audioInput.refId)) {
      problems.push(`segments.${i}.audioInput.refId "${segment.audioInput.refId}" matches no audio or text input`);
    }
    if (segment.startTime > segment.endTime) {
      problems.push(`segments.${i}.startTime must not be greater than segments.${i}.endTime`);
    }
    const { startTime, endTime } = segment.audioInput;
    if ((startTime == null) !== (endTime == null)) {
      problems.push(`segments.${i}.audioInput.startTime and endTime must be given together`);
    } else if (startTime != null && endTime != null && startTime > endTime) {
      problems.push(`segments.${i}.audioInput.startTime must not be greater than segments.${i}.audioInput.endTime`);
    }
  });
  return problems;
}

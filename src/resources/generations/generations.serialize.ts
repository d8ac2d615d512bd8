/**
 * Generation records as the API shows them: every field present, unset ones `null` (as the real API does),
 * status read off the timeline at the tenant's current time.
 */
import { isoTime } from "../../domain/clock.js";
import { progressPercent, statusAt } from "../../domain/job-machine.js";
import type { GenerationJson } from "./generations.schemas.js";
import type { GenerationRecord } from "./generations.store.js";

/** The public URL of a generation's output file. */
export function resultUrl(publicUrl: string, record: GenerationRecord): string {
  return `${publicUrl}/v2/generations/${record.id}/result?token=${record.resultToken}`;
}

/** The JSON of a generation at tenant time `now`. */
export function serializeGeneration(
  record: GenerationRecord,
  now: number,
  publicUrl: string,
  options: { progress?: boolean } = {},
): GenerationJson {
  const status = statusAt(record.timeline, now);
  const completed = status === "COMPLETED";
  const unsuccessful = (status === "FAILED" || status === "REJECTED") && record.outcome.status !== "COMPLETED";
  const outputUrl = completed ? resultUrl(publicUrl, record) : null;
  const json: GenerationJson = {
    id: record.id,
    createdAt: isoTime(record.createdAt),
    status,
    model: record.model as GenerationJson["model"],
    input: record.input as GenerationJson["input"],
    options: record.options,
    segments: record.segments as GenerationJson["segments"],
    webhookUrl: record.webhookUrl,
    outputUrl,
    outputDuration: completed ? record.outcome.outputDuration : null,
    segmentOutputUrl: completed && record.segments ? outputUrl : null,
    outputFileName: record.outputFileName,
    projectId: record.projectId,
    error: unsuccessful && "error" in record.outcome ? record.outcome.error : null,
    error_code: unsuccessful && "errorCode" in record.outcome ? record.outcome.errorCode : null,
    errorCode: unsuccessful && "errorCode" in record.outcome ? record.outcome.errorCode : null,
  };
  if (options.progress) json.progress_percent = progressPercent(record.timeline, now);
  return json;
}

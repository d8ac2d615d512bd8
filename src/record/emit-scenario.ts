/**
 * `sync-mock drift --emit-scenario`: the terminal outcomes of a recording as a scenario, so a failure seen
 * against the real API can be reproduced in a test. Each recorded generation that ended FAILED or REJECTED
 * becomes a rule matching its video URL with the recorded error code; each that COMPLETED with an output
 * duration becomes a media card giving its video that duration.
 */
import { stringify } from "yaml";
import { parseScenario } from "../scenarios/load.js";
import type { Exchange } from "./recording.js";

interface RecordedGeneration {
  readonly id: string;
  readonly status: string;
  readonly errorCode: string | null;
  readonly error: string | null;
  readonly outputDuration: number | null;
  readonly videoUrl: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function videoUrlOf(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body["input"])) return undefined;
  const video = (body["input"] as unknown[]).find((i) => isRecord(i) && i["type"] === "video");
  return isRecord(video) && typeof video["url"] === "string" ? video["url"] : undefined;
}

/** The last recorded state of every generation, with the video its create sent. */
function generationsOf(exchanges: readonly Exchange[]): RecordedGeneration[] {
  const byId = new Map<string, RecordedGeneration>();
  for (const exchange of exchanges) {
    const body = exchange.responseBody.kind === "json" ? exchange.responseBody.value : undefined;
    if (!isRecord(body) || typeof body["id"] !== "string" || typeof body["status"] !== "string") continue;
    const sent = exchange.requestBody.kind === "json" ? exchange.requestBody.value : undefined;
    const known = byId.get(body["id"]);
    const code = body["errorCode"] ?? body["error_code"];
    byId.set(body["id"], {
      id: body["id"],
      status: body["status"],
      errorCode: typeof code === "string" ? code : null,
      error: typeof body["error"] === "string" ? body["error"] : null,
      outputDuration: typeof body["outputDuration"] === "number" ? body["outputDuration"] : null,
      videoUrl: known?.videoUrl ?? videoUrlOf(sent) ?? videoUrlOf(body),
    });
  }
  return [...byId.values()];
}

/** The scenario file's text (checked: the mock would load it). */
export function emitScenario(exchanges: readonly Exchange[]): string {
  const rules: Array<Record<string, unknown>> = [];
  const media: Array<Record<string, unknown>> = [];
  for (const [i, generation] of generationsOf(exchanges).entries()) {
    if (!generation.videoUrl) continue;
    if ((generation.status === "FAILED" || generation.status === "REJECTED") && generation.errorCode) {
      const action = generation.status === "FAILED" ? "fail" : "reject";
      rules.push({ name: `recorded-${i + 1}-${generation.errorCode}`, match: { inputUrl: generation.videoUrl }, [action]: { code: generation.errorCode, ...(generation.error ? { message: generation.error } : {}) } });
    } else if (generation.status === "COMPLETED" && generation.outputDuration !== null) {
      media.push({ match: generation.videoUrl, durationSeconds: generation.outputDuration });
    }
  }
  const scenario = {
    name: "recorded",
    description: `Outcomes recorded from the real API (${rules.length} failures, ${media.length} durations), by sync-mock drift --emit-scenario.`,
    extends: "default",
    ...(media.length ? { media: { rules: media } } : {}),
    rules,
  };
  const text = `# yaml-language-server: $schema=./node_modules/sync-mock/scenarios/scenario.schema.json\n${stringify(scenario)}`;
  parseScenario(text, "emitted scenario");
  return text;
}

/**
 * Batch files for tests: JSONL lines in the shape of Sync's batch guide, and the multipart form that carries
 * them.
 */

/** One batch line; `payload` overrides are merged into a valid lipsync-2 request. */
export function batchLine(requestId: string, payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request_id: requestId,
    endpoint: "/v2/generate",
    payload: {
      model: "lipsync-2",
      input: [
        { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
        { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
      ],
      ...payload,
    },
    ...extra,
  };
}

/** `count` valid lines `request-1` … `request-<count>`. */
export function batchLines(count: number, payload: (i: number) => Record<string, unknown> = () => ({})): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => batchLine(`request-${i + 1}`, payload(i + 1)));
}

/** Lines as a JSONL file (objects are serialized, strings kept as they are). */
export function jsonl(lines: ReadonlyArray<Record<string, unknown> | string>): string {
  return `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`;
}

/** The multipart form of POST /v2/batch. */
export function batchForm(file: string | Blob | undefined, fields: Record<string, string> = {}, part = "input"): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file !== undefined) form.append(part, typeof file === "string" ? new Blob([file], { type: "application/octet-stream" }) : file, "batch.jsonl");
  return form;
}

/**
 * Batch files for the batch cases: JSONL lines in the shape of Sync's batch guide, padded to a chosen size
 * with a realistic field (a text-to-speech script), and the multipart body of `POST /v2/batch` built once as
 * bytes, so the harness spends nothing on encoding while a request is timed.
 */

export const BATCH_BOUNDARY = "sync-mock-bench-batch";

/** One line: a lipsync-2 request, with a webhook URL if given and a TTS script of `scriptChars` if asked. */
function line(i: number, webhookUrl: string | undefined, scriptChars: number): Record<string, unknown> {
  const speech =
    scriptChars > 0
      ? {
          type: "text",
          provider: { name: "elevenlabs", voiceId: "bench-voice", script: "The quick brown fox jumps over the lazy dog. ".repeat(Math.ceil(scriptChars / 45)).slice(0, scriptChars) },
        }
      : { type: "audio", url: `https://cdn.test/bench/audio-${i}.wav` };
  return {
    request_id: `bench-${i}`,
    endpoint: "/v2/generate",
    payload: {
      model: "lipsync-2",
      input: [{ type: "video", url: `https://cdn.test/bench/video-${i}.mp4` }, speech],
      options: { sync_mode: "cut_off" },
      ...(webhookUrl ? { webhookUrl } : {}),
    },
  };
}

/**
 * `lines` JSONL lines of about `lineBytes` each (newline included; 0: no padding). The padding is a script of
 * plain text, so the file is as costly to parse and check as a real one of that size.
 */
export function batchJsonl(lines: number, options: { lineBytes?: number; webhookUrl?: string } = {}): string {
  const out: string[] = [];
  for (let i = 1; i <= lines; i++) {
    if (!options.lineBytes) {
      out.push(JSON.stringify(line(i, options.webhookUrl, 0)));
      continue;
    }
    // With a 1-character script the line is `oneChar` long; each further character adds one (plain ASCII).
    const oneChar = JSON.stringify(line(i, options.webhookUrl, 1)).length;
    out.push(JSON.stringify(line(i, options.webhookUrl, Math.max(1, options.lineBytes - oneChar))));
  }
  return `${out.join("\n")}\n`;
}

/** The multipart body of `POST /v2/batch`: the text fields, then the file in part `input`. */
export function batchMultipart(file: string, fields: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${BATCH_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${BATCH_BOUNDARY}\r\nContent-Disposition: form-data; name="input"; filename="batch.jsonl"\r\nContent-Type: application/jsonl\r\n\r\n`));
  parts.push(Buffer.from(file), Buffer.from(`\r\n--${BATCH_BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

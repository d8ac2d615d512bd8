/**
 * The format of a recording: one JSON line per exchange (request, answer, timing), as `sync-mock record`
 * writes them and `sync-mock drift` reads them. The API key is never in it: its place holds
 * {@link REDACTED}, and the exchange carries a fingerprint of the key instead, so a replay keeps apart what
 * different keys did without knowing any of them.
 */
import { createHash } from "node:crypto";

/** What stands where a credential was. */
export const REDACTED = "<redacted>";

/** Headers whose values are credentials. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(["x-api-key", "authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** Bodies (JSON or text) kept up to this many bytes; past it only their size is. */
export const MAX_KEPT_BODY_BYTES = 1024 * 1024;

/** A body as recorded: JSON (parsed), text, or only what it was (a file, a multipart upload, too large). */
export type RecordedBody =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "bytes"; readonly contentType: string | null; readonly bytes: number }
  | { readonly kind: "none" };

/** One request and its answer. */
export interface Exchange {
  /** Wall-clock time the request arrived (ISO). */
  readonly at: string;
  /** A fingerprint of the API key (not the key), or null without one. */
  readonly keyId: string | null;
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: RecordedBody;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: RecordedBody;
  /** Real milliseconds from the request's arrival to the answer's end. */
  readonly durationMs: number;
}

/** The fingerprint of a key: enough to tell keys apart, useless to recover one. */
export function keyFingerprint(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

/** Headers as recorded: lower-case names, credentials redacted, repeats joined. */
export function recordedHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = CREDENTIAL_HEADERS.has(lower) ? REDACTED : Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** A body as recorded from its first bytes (`kept`, at most {@link MAX_KEPT_BODY_BYTES}) and its full size. */
export function recordedBody(contentType: string | null, kept: Buffer, total: number): RecordedBody {
  if (total === 0) return { kind: "none" };
  const complete = kept.length === total;
  const type = (contentType ?? "").toLowerCase();
  if (complete && /^application\/([\w.-]+\+)?json\b/.test(type)) {
    try {
      return { kind: "json", value: JSON.parse(kept.toString("utf8")) as unknown };
    } catch {
      return { kind: "text", value: kept.toString("utf8") };
    }
  }
  if (complete && type.startsWith("text/")) return { kind: "text", value: kept.toString("utf8") };
  return { kind: "bytes", contentType, bytes: total };
}

/** One exchange as its line, with every occurrence of `secret` (the key) replaced, wherever it was echoed. */
export function exchangeLine(exchange: Exchange, secret: string | undefined): string {
  let line = JSON.stringify(exchange);
  if (secret) line = line.split(JSON.stringify(secret).slice(1, -1)).join(REDACTED);
  return `${line}\n`;
}

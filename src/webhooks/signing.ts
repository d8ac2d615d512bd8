/**
 * Webhook signatures as Sync documents them (facts §7): header `Sync-Signature: t=<unix>,v1=<hex>` where v1 is
 * HMAC-SHA256 over `"<t>." + body`, keyed with the secret string as-is.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The header that carries the signature. */
export const SIGNATURE_HEADER = "Sync-Signature";

/** The hex HMAC of a payload. */
export function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value for a body signed at `timestamp` (Unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

/** Checks a header the way a receiver should (constant-time compare); `toleranceSeconds` guards against replays. */
export function verifySignature(
  header: string,
  secret: string,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]+)$/.exec(header.trim());
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (options.nowSeconds !== undefined && Math.abs(options.nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  const given = Buffer.from(match[2]!, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader, verifySignature } from "./signing.js";

describe("webhook signatures", () => {
  const body = '{"id":"x","status":"COMPLETED"}';

  it("is t=<seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">", () => {
    const expected = createHmac("sha256", "whsec_a").update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader("whsec_a", 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies what it signs, and nothing else", () => {
    const header = signatureHeader("whsec_a", 1_700_000_000, body);
    expect(verifySignature(header, "whsec_a", body)).toBe(true);
    expect(verifySignature(header, "whsec_b", body)).toBe(false);
    expect(verifySignature(header, "whsec_a", `${body} `)).toBe(false);
    expect(verifySignature("garbage", "whsec_a", body)).toBe(false);
  });

  it("refuses a stale timestamp when given the receiver's clock", () => {
    const header = signatureHeader("whsec_a", 1_700_000_000, body);
    expect(verifySignature(header, "whsec_a", body, { nowSeconds: 1_700_000_100 })).toBe(true);
    expect(verifySignature(header, "whsec_a", body, { nowSeconds: 1_700_001_000 })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { exchangeLine, MAX_KEPT_BODY_BYTES, recordedBody, recordedHeaders, REDACTED, type Exchange } from "./recording.js";

describe("recordings", () => {
  it("redact credential headers and every echo of the key in the line", () => {
    const key = 'sk_"quoted"\\key';
    const exchange: Exchange = {
      at: "2026-01-01T00:00:00.000Z",
      keyId: "abc",
      method: "GET",
      url: "/v2/x",
      requestHeaders: recordedHeaders({ "X-Api-Key": key, Authorization: "Bearer t", Accept: ["a", "b"] }),
      requestBody: { kind: "none" },
      status: 401,
      responseHeaders: {},
      responseBody: { kind: "json", value: { message: `key ${key} rejected` } },
      durationMs: 1,
    };
    const line = exchangeLine(exchange, key);
    expect(line).not.toContain("quoted");
    const parsed = JSON.parse(line) as Exchange;
    expect(parsed.requestHeaders).toEqual({ "x-api-key": REDACTED, authorization: REDACTED, accept: "a, b" });
    expect(parsed.responseBody).toEqual({ kind: "json", value: { message: `key ${REDACTED} rejected` } });
  });

  it("keep JSON and text bodies whole, and only the size of anything else or anything larger", () => {
    const json = Buffer.from('{"a":1}');
    expect(recordedBody("application/json; charset=utf-8", json, json.length)).toEqual({ kind: "json", value: { a: 1 } });
    expect(recordedBody("text/plain", Buffer.from("hi"), 2)).toEqual({ kind: "text", value: "hi" });
    expect(recordedBody("video/mp4", Buffer.from("xx"), 2)).toEqual({ kind: "bytes", contentType: "video/mp4", bytes: 2 });
    expect(recordedBody("application/json", Buffer.alloc(MAX_KEPT_BODY_BYTES), MAX_KEPT_BODY_BYTES + 1)).toMatchObject({ kind: "bytes" });
    expect(recordedBody(null, Buffer.alloc(0), 0)).toEqual({ kind: "none" });
  });
});

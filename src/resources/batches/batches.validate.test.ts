import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PROBLEMS, payloadChecker, validateBatchFile, type BatchFileLimits } from "./batches.validate.js";

const limits: BatchFileLimits = { minLines: 20, maxLines: 500, maxFileBytes: 5 * 1024 * 1024 };
// A tenant without assets.
const noAssets = () => undefined;
const check = (text: string, l: BatchFileLimits = limits) => validateBatchFile(Buffer.from(text), l, payloadChecker(noAssets));

const video = { type: "video", url: "https://cdn.test/v.mp4" };
const audio = { type: "audio", url: "https://cdn.test/a.wav" };
const line = (id: unknown, payload: unknown = { model: "lipsync-2", input: [video, audio] }, endpoint: unknown = "/v2/generate") =>
  JSON.stringify({ request_id: id, endpoint, payload });
const valid = (n: number, from = 1) => Array.from({ length: n }, (_, i) => line(`r${from + i}`));
/** A file of 20 valid lines with `lines` put in at the top. */
const withTop = (...lines: string[]) => [...lines, ...valid(20 - lines.length, 100)].join("\n");

describe("validateBatchFile", () => {
  it("accepts 20 valid lines and keeps each one's number, request_id, payload and request", () => {
    const result = check(valid(20).join("\n"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lines).toHaveLength(20);
    expect(result.lines[4]).toMatchObject({ lineNumber: 5, requestId: "r5", endpoint: "/v2/generate", payload: { model: "lipsync-2" }, dto: { model: "lipsync-2" } });
  });

  it("skips blank lines but counts them in line numbers, and reads CRLF files and a byte-order mark", () => {
    const text = `\uFEFF${valid(10).join("\r\n")}\r\n\r\n   \n${valid(10, 11).join("\r\n")}\r\n`;
    const result = check(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.lines.map((l) => l.lineNumber).slice(9, 11)).toEqual([10, 13]);
  });

  it.each<[string, string, string[]]>([
    ["an empty file", "", ["file must contain at least 20 non-empty lines (found 0)"]],
    ["19 lines", valid(19).join("\n"), ["file must contain at least 20 non-empty lines (found 19)"]],
    ["501 lines", valid(501).join("\n"), ["file must contain no more than 500 non-empty lines (found 501)"]],
    ["a line that is not JSON", withTop("{not json"), ["line 1: is not valid JSON"]],
    ["a line that is a JSON array", withTop("[1,2]"), ["line 1: must be a JSON object with request_id, endpoint and payload"]],
    ["a missing request_id", withTop(JSON.stringify({ endpoint: "/v2/generate", payload: { model: "lipsync-2", input: [video, audio] } })), ["line 1: request_id is required"]],
    ["a numeric request_id", withTop(line(7)), ["line 1: request_id must be a string"]],
    ["an empty request_id", withTop(line(" ")), ["line 1: request_id should not be empty"]],
    ["a duplicate request_id", withTop(line("a"), line("b"), line("a")), ['line 3: request_id "a" duplicates line 1']],
    ["another endpoint", withTop(line("a", undefined, "/v2/analyze/cost")), ['line 1: endpoint must be "/v2/generate"']],
    ["a missing endpoint", withTop(line("a", undefined, null)), ["line 1: endpoint is required"]],
    ["a missing payload", withTop(line("a", null)), ["line 1: payload is required"]],
    ["a payload that is not an object", withTop(line("a", "lipsync-2")), ["line 1: payload must be an object"]],
    ["a payload without model", withTop(line("a", { input: [video, audio] })), ["line 1: payload.model is required"]],
    ["a bad URL and temperature", withTop(line("a", { model: "lipsync-2", input: [{ type: "video", url: "ftp://x" }, audio], options: { temperature: 2 } })), [
      "line 1: payload.input.0.url must be an absolute http or https URL",
      "line 1: payload.options.temperature must not be greater than 1",
    ]],
    ["no visual input", withTop(line("a", { model: "lipsync-2", input: [audio] })), ["line 1: payload.input must contain exactly one video or image input (found 0)"]],
    ["an image on lipsync-2", withTop(line("a", { model: "lipsync-2", input: [{ type: "image", url: "https://cdn.test/i.png" }, audio] })), ["line 1: payload: image input is only supported by model sync-3, not lipsync-2"]],
    ["an unknown assetId", withTop(line("a", { model: "lipsync-2", input: [{ type: "video", assetId: "nope" }, audio] })), ['line 1: payload.input.0.assetId "nope" is not an asset of this account']],
  ])("reports %s", (_name, text, problems) => {
    expect(check(text)).toEqual({ ok: false, problems });
  });

  it("reports every problem at once: file-level first, then each line's, in line order", () => {
    const text = ["oops", line(1, null, "/v1/x"), line("a"), line("a")].join("\n");
    expect(check(text)).toEqual({
      ok: false,
      problems: [
        "file must contain at least 20 non-empty lines (found 4)",
        "line 1: is not valid JSON",
        "line 2: request_id must be a string",
        'line 2: endpoint must be "/v2/generate"',
        "line 2: payload is required",
        'line 4: request_id "a" duplicates line 3',
      ],
    });
  });

  it("names the size limit when the file is over it, together with the lines' problems", () => {
    const small = { minLines: 1, maxLines: 10, maxFileBytes: 1000 };
    const text = [line("a"), line("a"), "x".repeat(1000)].join("\n");
    expect(check(text, small)).toEqual({
      ok: false,
      problems: ["file must not be larger than 1000 bytes", 'line 2: request_id "a" duplicates line 1', "line 3: is not valid JSON"],
    });
  });

  it(`lists at most ${MAX_REPORTED_PROBLEMS} problems, then says more were left out`, () => {
    const result = check(Array.from({ length: 3000 }, () => "x").join("\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(result.problems.at(-1)).toMatch(/more problems/);
  });
});

describe("validateBatchFile with random input (fast-check)", () => {
  const small: BatchFileLimits = { minLines: 2, maxLines: 30, maxFileBytes: 20_000 };
  const checker = payloadChecker(noAssets);
  const verdict = (text: string) => validateBatchFile(Buffer.from(text), small, checker);
  const wellFormed = (result: ReturnType<typeof verdict>) =>
    result.ok ? result.lines.every((l) => typeof l.requestId === "string") : result.problems.length > 0 && result.problems.every((p) => typeof p === "string" && p.length > 0);

  it("never throws on arbitrary text or bytes", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 2000 }), (text) => wellFormed(verdict(text))), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => wellFormed(validateBatchFile(bytes, small, checker))), { numRuns: 300 });
  });

  it("never throws on lines of arbitrary JSON, including objects with the right keys and wrong values", () => {
    const anyLine = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ request_id: fc.jsonValue(), endpoint: fc.jsonValue(), payload: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc.record({ request_id: fc.string(), endpoint: fc.constant("/v2/generate"), payload: fc.record({ model: fc.jsonValue(), input: fc.array(fc.dictionary(fc.constantFrom("type", "url", "assetId", "refId", "provider"), fc.jsonValue())) }) }).map((v) => JSON.stringify(v)),
    );
    fc.assert(fc.property(fc.array(anyLine, { maxLength: 40 }), (lines) => wellFormed(verdict(lines.join("\n")))), { numRuns: 300 });
  });

  it("never throws on mutations of a valid file, and a file it accepts has unique request_ids", () => {
    const base = valid(10).join("\n");
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("\n", '"', "{", "}", ",", "null", "\\u0000", "\uFEFF")) }),
      fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (mutations) => {
        let text = base;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          if (m.kind === "delete") text = text.slice(0, at) + text.slice(at + m.length);
          else if (m.kind === "insert") text = text.slice(0, at) + m.text + text.slice(at);
          else {
            const lines = text.split("\n");
            lines.splice(at % lines.length, 0, lines[at % lines.length]!);
            text = lines.join("\n");
          }
        }
        const result = verdict(text);
        if (result.ok) expect(new Set(result.lines.map((l) => l.requestId)).size).toBe(result.lines.length);
        return wellFormed(result);
      }),
      { numRuns: 500 },
    );
  });

  it("accepts any file of valid lines with unique request_ids, whatever the ids", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""), { minLength: 2, maxLength: 30 }), (ids) => {
        const result = verdict(ids.map((id) => line(id)).join("\n"));
        expect(result.ok && result.lines.map((l) => l.requestId)).toEqual(ids);
      }),
      { numRuns: 200 },
    );
  });
});

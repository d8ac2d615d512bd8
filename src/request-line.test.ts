import fc from "fast-check";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { enableRequestLines, requestLineWriter } from "./request-line.js";

/** A JSON logger as createLogger makes it, writing into an array. */
function capturing() {
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const logger = pino({ level: "info", base: { service: "sync-mock" } }, destination);
  return { logger, destination, lines };
}

const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

describe("request lines", () => {
  it.each([
    ["a plain GET", ["3fa85f64-5717-4562-b3fc-2c963f66afa6", "GET", "/v2/generate/3fa85f64-5717-4562-b3fc-2c963f66afa6", 200, 0.4, "bench_key"]],
    ["no tenant, a whole number of ms", ["r-1", "POST", "/v2/generate", 401, 3, undefined]],
    ["quotes, backslashes, control and non-ASCII characters", ['id"\\', "GET", '/v2/a"b\\c\n\té€😀', 404, 12.5, 'k"\\\u0001']],
  ] as const)("are the line pino writes: %s", (_name, fields) => {
    const { logger, destination, lines } = capturing();
    enableRequestLines(logger, destination);
    const [requestId, method, path, status, ms, tenant] = fields;
    requestLineWriter(logger)!(requestId, method, path, status, ms, tenant);
    logger.info({ requestId, method, path, status, ms, tenant }, "request");
    expect(lines).toHaveLength(2);
    expect(withoutTime(lines[0]!)).toBe(withoutTime(lines[1]!));
  });

  it("are the line pino writes, whatever the text of each field", () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[\w\-.=/:]{0,40}$/), fc.string({ unit: "grapheme" }));
    fc.assert(
      fc.property(text, text, text, fc.option(text, { nil: undefined }), fc.integer({ min: 100, max: 599 }), fc.double({ min: 0, max: 1e6, noNaN: true }), (requestId, method, path, tenant, status, ms) => {
        const { logger, destination, lines } = capturing();
        enableRequestLines(logger, destination);
        requestLineWriter(logger)!(requestId, method, path, status, ms, tenant);
        logger.info({ requestId, method, path, status, ms, tenant }, "request");
        expect(withoutTime(lines[0]!)).toBe(withoutTime(lines[1]!));
      }),
    );
  });

  it("are only for loggers that were given them", () => {
    expect(requestLineWriter(capturing().logger)).toBeUndefined();
  });
});

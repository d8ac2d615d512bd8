import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError } from "./errors.js";
import { checkEnumValues, enumListPattern, parseListValues } from "./query.js";

const STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED"] as const;
const pattern = new RegExp(enumListPattern(STATUSES), "u");

/** Whether the parser accepts `text` as one occurrence of the parameter. */
function accepted(text: string): boolean {
  try {
    checkEnumValues("status", parseListValues("status", [text]), STATUSES);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return false;
    throw error;
  }
}

// Whitespace the parser trims, including the characters JavaScript trims and Python's \s does not agree on.
const space = fc.constantFrom("", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\ufeff");
const status = fc.constantFrom(...STATUSES);
const spaced = (value: fc.Arbitrary<string>) => fc.tuple(space, value, space).map(([a, v, b]) => `${a}${v}${b}`);

/** The three text encodings the mock documents, with the whitespace it ignores. */
const encodings = fc.oneof(
  fc.array(spaced(status), { maxLength: 4 }).map((items) => items.join(",")),
  status.map((s) => JSON.stringify(s)),
  fc.array(status, { maxLength: 4 }).map((items) => JSON.stringify(items)),
  fc.array(status, { maxLength: 4 }).map((items) => `[ ${items.map((s) => JSON.stringify(s)).join(" , ")} ]`),
);

describe("enumListPattern (the documented grammar of list filters)", () => {
  it("matches every documented encoding, and the parser accepts each", () => {
    fc.assert(
      fc.property(spaced(encodings), (text) => {
        expect(pattern.test(text), JSON.stringify(text)).toBe(true);
        expect(accepted(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("never matches a string the parser refuses", () => {
    const nearMisses = fc.oneof(
      fc.string(),
      fc.constantFrom(...STATUSES, "[", '"', ",", "]", "*", "x", "pending", "\u001c").chain((s) =>
        fc.array(fc.constantFrom(...STATUSES, "[", '"', ",", "]", "*", "x", " ", "\u001c", s), { maxLength: 6 }).map((parts) => parts.join("")),
      ),
    );
    fc.assert(
      fc.property(nearMisses, (text) => {
        if (pattern.test(text)) expect(accepted(text), JSON.stringify(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(["DONE", "PENDING*", '["PENDING"', "PENDING FAILED", "\u001cPENDING", '["PENDING,FAILED"]'])("refuses %j", (text) => {
    expect(pattern.test(text)).toBe(false);
    expect(accepted(text)).toBe(false);
  });
});

import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseOr400, safeParseReported } from "./validation.js";

const Schema = z.looseObject({ name: z.string(), url: z.url({ protocol: /^https?$/ }).nullish() });

describe("safeParseReported", () => {
  it("answers a valid value as safeParse does", () => {
    const value = { name: "a", url: "https://cdn.test/v.mp4", extra: [1] };
    expect(safeParseReported(Schema, value)).toEqual(Schema.safeParse(value));
  });

  it("reports the offending input in each issue of a failure, absent fields as undefined", () => {
    const result = safeParseReported(Schema, { url: "ftp://x" });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => ({ path: issue.path, hasInput: "input" in issue, input: (issue as { input?: unknown }).input }));
    expect(issues).toEqual([
      { path: ["name"], hasInput: true, input: undefined },
      { path: ["url"], hasInput: true, input: "ftp://x" },
    ]);
  });
});

describe("parseOr400", () => {
  it("tells a missing field from a wrong one in its sentences", () => {
    const messages = (value: unknown) => {
      try {
        parseOr400(Schema, value);
        return [];
      } catch (error) {
        return (error as { body: { message: string[] } }).body.message;
      }
    };
    expect(messages({})).toEqual(["name is required"]);
    expect(messages({ name: 3 })).toEqual(["name must be a string"]);
    expect(messages({ name: "a" })).toEqual([]);
  });
});

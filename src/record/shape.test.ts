import { describe, expect, it } from "vitest";
import { compareAnswers, shapeOf } from "./shape.js";

const enums = new Map([["status", new Set(["PENDING", "COMPLETED"])]]);
const ok = (upstream: unknown, mock: unknown) => compareAnswers({ upstream: { status: 200, body: upstream }, mock: { status: 200, body: mock } }, enums);

describe("compareAnswers", () => {
  it("ignores values: ids, times and URLs differ in every run", () => {
    expect(ok({ id: "a", createdAt: "2026-01-01T00:00:00Z", outputUrl: "https://x" }, { id: "b", createdAt: "2030-01-01T00:00:00Z", outputUrl: "http://y" })).toEqual([]);
  });

  it("names fields only one side has, and types that differ, at their path", () => {
    expect(ok({ a: 1, items: [{ b: "x", c: true }] }, { a: "1", items: [{ b: "y" }], d: null })).toEqual([
      { kind: "type", path: "a", detail: "upstream number, mock string" },
      { kind: "missing", path: "items[].c", detail: "upstream has items[].c (boolean), the mock does not" },
      { kind: "extra", path: "d", detail: "the mock has d (null), upstream does not" },
    ]);
  });

  it("takes null for any type (unset fields are null) and compares nothing under an empty list", () => {
    expect(ok({ outputUrl: null, items: [] }, { outputUrl: "https://x", items: [{ id: "g" }] })).toEqual([]);
  });

  it("compares status codes, error codes in either spelling, and error body shapes, not the bodies of an error against a success", () => {
    const answer = (status: number, body: unknown) => ({ status, body });
    expect(compareAnswers({ upstream: answer(404, { error_code: "gone" }), mock: answer(404, { errorCode: "generation_not_found" }) }, enums)).toEqual([
      { kind: "errorCode", path: "errorCode", detail: "upstream gone, mock generation_not_found" },
      { kind: "missing", path: "error_code", detail: "upstream has error_code (string), the mock does not" },
      { kind: "extra", path: "errorCode", detail: "the mock has errorCode (string), upstream does not" },
    ]);
    expect(compareAnswers({ upstream: answer(202, { id: "a" }), mock: answer(400, { message: [] }) }, enums)).toEqual([{ kind: "status", path: "", detail: "upstream 202, mock 400" }]);
  });

  it("flags enum values the mock does not know", () => {
    expect(ok({ status: "QUEUED", items: [{ status: "COMPLETED" }] }, { status: "PENDING", items: [] })).toEqual([
      { kind: "enum", path: "status", detail: 'upstream "QUEUED" is not a value the mock knows' },
    ]);
  });
});

describe("shapeOf", () => {
  it("merges the element shapes of an array under []", () => {
    expect([...shapeOf([{ a: 1 }, { a: null, b: "x" }])].map(([path, types]) => [path, [...types].sort()])).toEqual([
      ["", ["array"]],
      ["[]", ["object"]],
      ["[].a", ["null", "number"]],
      ["[].b", ["string"]],
    ]);
  });
});

/**
 * Turns zod's findings into the readable sentences of a NestJS `message` array ("input.0.url must be a URL
 * address"), and provides the hook every validated route uses, so a bad request always gets the same 400.
 */
import type { Hook } from "@hono/zod-openapi";
import type { z } from "zod";
import { validationError } from "./errors.js";

/** Options that make zod report the offending input, which tells "missing" from "wrong type". */
export const PARSE_OPTIONS = { reportInput: true } as const;

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** The dotted path of a field (`input.0.url`), or `body` for the root. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, root = "body"): string {
  return path.length === 0 ? root : path.map(String).join(".");
}

/** Whether an issue is about a field that is absent (with reportInput, zod records `input: undefined`). */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return "input" in issue ? issue.input === undefined : issue.message.endsWith("received undefined");
}

// Deviation: the sentences follow class-validator's style but are the mock's own wording.
/** One readable sentence for one zod issue. */
export function describeIssue(issue: z.core.$ZodIssue, root = "body"): string {
  const field = fieldPath(issue.path, root);
  if ((issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union") && isMissing(issue)) {
    return `${field} is required`;
  }
  switch (issue.code) {
    case "invalid_type":
      return `${field} must be ${article(issue.expected)}`;
    case "invalid_value":
      return `${field} must be one of the following values: ${issue.values.map(String).join(", ")}`;
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `${field} must be one of the following values: ${options.map(String).join(", ")}` : `${field} has an invalid value`;
    }
    case "too_big":
      if (issue.origin === "string") return `${field} must be shorter than or equal to ${issue.maximum} characters`;
      if (issue.origin === "array") return `${field} must contain no more than ${issue.maximum} elements`;
      return issue.inclusive === false ? `${field} must be less than ${issue.maximum}` : `${field} must not be greater than ${issue.maximum}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? `${field} should not be empty` : `${field} must be longer than or equal to ${issue.minimum} characters`;
      if (issue.origin === "array") return `${field} must contain at least ${issue.minimum} elements`;
      return issue.inclusive === false ? `${field} must be greater than ${issue.minimum}` : `${field} must not be less than ${issue.minimum}`;
    case "invalid_format":
      return issue.format === "url" ? `${field} must be an absolute http or https URL` : `${field} must be a valid ${issue.format}`;
    case "unrecognized_keys":
      return `${field} has unknown properties: ${issue.keys.join(", ")}`;
    default:
      return issue.message.startsWith(field) ? issue.message : `${field} ${issue.message}`;
  }
}

/** Every issue as a sentence, without repeats. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = "body"): string[] {
  return [...new Set(issues.map((issue) => describeIssue(issue, root)))];
}

/** The route hook: a failed zod check becomes a 400 with all problems (query and path problems included). */
// The hook serves every route, whatever its types.
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) {
    const root = result.target === "json" ? "body" : result.target;
    throw validationError(describeIssues(result.error.issues, root));
  }
};

/**
 * `schema.safeParse(data)`, each issue of a failure carrying the offending input (PARSE_OPTIONS). A value is
 * parsed without options first, and only a failure again with them. Parsing every create with `reportInput`
 * cost 4.4 µs of its 52.6 µs of CPU (interleaved A/B). The likely reason: zod's parse functions are shared by
 * every schema, and a context of a second shape (most parses pass none) makes their property reads polymorphic.
 */
export function safeParseReported<S extends z.ZodType>(schema: S, data: unknown): ReturnType<S["safeParse"]> {
  const result = schema.safeParse(data);
  return (result.success ? result : schema.safeParse(data, PARSE_OPTIONS)) as ReturnType<S["safeParse"]>;
}

/** Validates `data` against `schema`; every problem goes into one 400. */
export function parseOr400<S extends z.ZodType>(schema: S, data: unknown, root = "body"): z.infer<S> {
  const result = safeParseReported(schema, data);
  if (!result.success) throw validationError(describeIssues(result.error.issues, root));
  return result.data as z.infer<S>;
}

/**
 * Query parameters the way Sync's clients send them. List filters arrive three ways (contract §4): a comma
 * list (`status=A,B`, the docs), repeated keys (`status=A&status=B`, the Python SDK) and JSON text
 * (`status=["A","B"]` or `status="A"`, the TypeScript SDK). All three mean the same.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiError } from "./errors.js";
import { parseOr400 } from "./validation.js";

/** Every value of a list parameter, whatever its encoding; `undefined` when absent. */
export function listParam(c: Context, name: string): string[] | undefined {
  const raw = c.req.queries(name);
  return raw ? parseListValues(name, raw) : undefined;
}

/** The values of a list parameter from its raw occurrences (400 for JSON text that is not strings). */
export function parseListValues(name: string, raw: readonly string[]): string[] {
  const values: string[] = [];
  for (const value of raw) {
    const text = value.trim();
    if (text.startsWith("[") || text.startsWith('"')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw apiError("invalid_query", `${name} must be a comma-separated list, repeated parameters or a JSON array of strings`);
      }
      const items = Array.isArray(parsed) ? parsed : [parsed];
      if (!items.every((item) => typeof item === "string")) {
        throw apiError("invalid_query", `${name} must be a comma-separated list, repeated parameters or a JSON array of strings`);
      }
      values.push(...(items as string[]).map((s) => s.trim()).filter(Boolean));
    } else {
      values.push(...text.split(",").map((s) => s.trim()).filter(Boolean));
    }
  }
  return values;
}

/** A list parameter whose values must come from `allowed`. */
export function enumListParam<T extends string>(c: Context, name: string, allowed: readonly T[]): Set<T> | undefined {
  const values = listParam(c, name);
  return values ? checkEnumValues(name, values, allowed) : undefined;
}

/** The values as a set, 400 unless every one comes from `allowed`. */
export function checkEnumValues<T extends string>(name: string, values: readonly string[], allowed: readonly T[]): Set<T> {
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length > 0) {
    throw apiError("invalid_query", `${name} must be one of the following values: ${allowed.join(", ")} (got ${bad.join(", ")})`);
  }
  return new Set(values as T[]);
}

// What String.prototype.trim removes, spelt so that JavaScript and Python regular expressions read it alike
// (Python's \s also matches \x1c-\x1f, which trim keeps).
const TRIMMED = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
// Inside a JSON string raw control characters are not allowed, so only the other trimmed characters may appear.
const TRIMMED_IN_JSON_STRING = " \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

/**
 * The OpenAPI `pattern` of a list parameter whose values come from `allowed`, in each of its three text
 * encodings: a comma list (`A, B`), one JSON string (`"A"`) or a JSON array of strings (`["A","B"]`), with the
 * whitespace {@link parseListValues} ignores. Every string it matches is accepted by {@link enumListParam}.
 */
export function enumListPattern(allowed: readonly string[]): string {
  const ws = `[${TRIMMED}]*`;
  const item = `(?:${allowed.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`;
  const comma = `${ws}(?:${item}${ws})?(?:,${ws}(?:${item}${ws})?)*`;
  const quoted = `"[${TRIMMED_IN_JSON_STRING}]*(?:${item})?[${TRIMMED_IN_JSON_STRING}]*"`;
  const jsonWs = "[ \\t\\n\\r]*";
  const array = `\\[${jsonWs}(?:${quoted}(?:${jsonWs},${jsonWs}${quoted})*)?${jsonWs}\\]`;
  return `^(?:${comma}|${ws}${quoted}${ws}|${ws}${array}${ws})$`;
}

/**
 * The zod schema of a list parameter of `allowed` values, for routes' `query`: one occurrence or repeated ones,
 * each in any encoding. Zod only checks the shape; {@link enumListParam} checks the values and says which are
 * wrong. The document carries {@link enumListPattern}, so clients (and fuzzers) know which values are valid.
 */
export function enumListQuerySchema(allowed: readonly string[], description: string) {
  const text = z.string().openapi({ pattern: enumListPattern(allowed) });
  return z.union([text, z.array(text)]).optional().openapi({ description });
}

// A date, optionally with a time and an offset: 2024-01-15, 2024-01-15T10:30Z, 2024-01-15T10:30:00.123456+00:00.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Whether the fields of a matched date-time name a real moment (Date.parse would roll 2024-02-30 over). */
function isCalendarTime(m: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((s) => (s === undefined ? undefined : Number(s)));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * An ISO-8601 date-time parameter as epoch ms; `undefined` when absent, 400 when it is empty or not a real
 * date-time (as class-validator's IsDateString, which does not skip ""). Without an offset the time is UTC,
 * like every timestamp the API hands out.
 */
export function dateParam(c: Context, name: string): number | undefined {
  const text = c.req.query(name)?.trim();
  if (text === undefined) return undefined;
  const m = ISO_DATE_TIME.exec(text);
  const utc = m && m[4] !== undefined && m[7] === undefined ? "Z" : "";
  const ms = m && isCalendarTime(m) ? Date.parse(`${text.replace(" ", "T")}${utc}`) : Number.NaN;
  if (Number.isNaN(ms)) throw apiError("invalid_query", `${name} must be an ISO-8601 date-time such as 2024-01-15T10:30:00Z (got ${JSON.stringify(text)})`);
  return ms;
}

// The result of checking an empty query, per schema: most requests have none, and checking `{}` again each
// time cost about 3 µs of a 30 µs GET. Frozen, because every such request shares it.
const emptyQueryResults = new WeakMap<z.ZodType, unknown>();

/**
 * The query checked against `schema` exactly as a route's query validator checks it (a repeated key becomes an
 * array; every problem goes into one 400 naming `query.<field>`), for handlers that validate their own query.
 */
export function validQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  if (!c.req.url.includes("?")) {
    if (!emptyQueryResults.has(schema)) emptyQueryResults.set(schema, Object.freeze(parseOr400(schema, {}, "query")));
    return emptyQueryResults.get(schema) as z.infer<S>;
  }
  const value = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => (v.length === 1 ? [k, v[0]] : [k, v])));
  return parseOr400(schema, value, "query");
}

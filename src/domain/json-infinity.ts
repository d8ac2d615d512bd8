/**
 * JSON for records whose timelines use `Infinity` for "never": JSON has no Infinity, so it is written as null and
 * an `at` of null is read back as Infinity. The state log and the Redis store both keep records this way.
 */

/** `JSON.stringify`, which writes Infinity as null by itself (no replacer: it would slow every write). */
export function encodeRecord(value: unknown): string {
  return JSON.stringify(value);
}

/** `JSON.parse`, with every `at: null` read back as Infinity. */
export function decodeRecord<T>(text: string): T {
  // Most records have no "never" in them: those are parsed without a reviver, which slows every value.
  if (!text.includes('"at":null')) return JSON.parse(text) as T;
  return JSON.parse(text, (key, v) => (key === "at" && v === null ? Number.POSITIVE_INFINITY : v)) as T;
}

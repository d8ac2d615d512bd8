/**
 * JSON for records whose timelines use `Infinity` for "never": JSON has no Infinity, so it is written as null and
 * an `at` of null is read back as Infinity. The state log and the Redis store both keep records this way.
 */

/** `JSON.stringify`, with Infinity written as null. */
export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === Number.POSITIVE_INFINITY ? null : v));
}

/** `JSON.parse`, with every `at: null` read back as Infinity. */
export function decodeRecord<T>(text: string): T {
  return JSON.parse(text, (key, v) => (key === "at" && v === null ? Number.POSITIVE_INFINITY : v)) as T;
}

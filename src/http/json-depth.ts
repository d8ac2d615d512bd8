/**
 * How deeply a parsed JSON value nests. JSON.parse takes any depth, but JSON.stringify recurses and overflows
 * the stack past a few thousand levels, so a stored request that deep could never be answered again (every
 * read of it would be a 500). Requests are refused at the door instead; real ones nest a handful of levels.
 */

// Deviation: the real API's nesting limit is unpublished; the mock refuses more than 64 levels with a 400.
/** The deepest nesting a request body (or a multipart JSON field, or a batch line) may have. */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests arrays and objects more than `max` levels deep. Iterative, so any depth is safe. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** The problem sentence for a value nested too deeply (`field` omitted: a batch line, "line 3: must not…"). */
export function tooDeepProblem(field?: string, max: number = MAX_JSON_DEPTH): string {
  const sentence = `must not nest objects and arrays more than ${max} levels deep`;
  return field ? `${field} ${sentence}` : sentence;
}

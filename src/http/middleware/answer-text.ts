/**
 * The text of an answer's body, for the journal, read from the answer itself once it is built.
 *
 * @hono/node-server answers with a light `Response` of its own that keeps `[status, body, headers]` under a
 * symbol (described "cache") until something reads the body, and writes a string body straight from there.
 * Reading that entry costs nothing and copies nothing. The first way of keeping the text, wrapping `c.body`
 * and `c.json` on every journalled request, made a `GET /v2/generate/{id}` a third slower and a store of
 * 100,000 generations 150 MB heavier: the garbage of those per-request closures ended up in the old space.
 *
 * Any other `Response` (a web one, as `app.request()` makes in a test, or a file's stream) has no text to
 * give, and the journal shows no answer body for it.
 */

/** The symbol of the light Response's kept body, once one has been seen; `null` until then. */
let keptBodyKey: symbol | null = null;

/** The answer's body when it is a string the server still holds, or `undefined`. */
export function answerTextOf(response: Response): string | undefined {
  // Found on the first light Response and the same for the life of the process (it is one module's constant).
  keptBodyKey ??= Object.getOwnPropertySymbols(response).find((key) => key.description === "cache") ?? null;
  if (keptBodyKey === null) return undefined;
  const kept = (response as unknown as Record<symbol, unknown>)[keptBodyKey];
  return Array.isArray(kept) && typeof kept[1] === "string" ? kept[1] : undefined;
}

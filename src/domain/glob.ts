/**
 * Globs for scenario matching (URLs, keys, request ids): `*` matches any run of characters, `/` included, and
 * `?` matches one character; everything else is literal. URL patterns such as `https://cdn.test/*.wav` and
 * key patterns such as `free_*` are the whole use, so path-segment semantics would only surprise.
 */

const cache = new Map<string, RegExp>();

/** Compiles a glob to an anchored regular expression (memoised; patterns come from a handful of files). */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "s");
    cache.set(glob, re);
  }
  return re;
}

/** Whether `text` matches `glob` as a whole. */
export function globMatch(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
}

/**
 * The app's router: Hono's own (SmartRouter over RegExpRouter and TrieRouter), except that a request whose
 * matched handlers are all steps (`steps.ts`) gets them back as ONE handler running the steps in order.
 *
 * Hono calls a lone handler directly and hands back whatever it returns, so a step chain that can answer at once
 * (a poll, a 401) is answered without `compose`'s async layers: on `GET /v2/generate/{id}` that was 3.8 µs of
 * the 30 µs of CPU it took. A request with any other handler (a zod validator, a plain route handler) matches as
 * it always did.
 *
 * The fused handler carries the last handler's route and parameters, which is what the last step (the route's
 * handler) reads; the steps before it are path-independent middleware (the request scope, the key check), and
 * `c.req.matchedRoutes` lists only the route.
 */
import type { Router, Result } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { asMiddleware, runSteps, stepOf, type Step } from "./steps.js";

/** What Hono's routers store per handler: the handler first (then its route). */
type Entry = readonly [unknown, ...unknown[]];

/** Hono's default router, with step chains fused. */
export class FusingRouter<T extends Entry> implements Router<T> {
  readonly name = "FusingRouter";
  readonly #inner: Router<T>;
  // Keyed by the router's handler list, which RegExpRouter keeps per route (so a path is fused once); null when
  // that list cannot be fused.
  readonly #fused = new WeakMap<object, Result<T>[0] | null>();

  constructor(inner: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] })) {
    this.#inner = inner;
  }

  add(method: string, path: string, handler: T): void {
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const result = this.#inner.match(method, path);
    const matched = result[0];
    if (matched.length < 2) return result;
    let fused = this.#fused.get(matched);
    if (fused === undefined) {
      fused = fuse(matched);
      this.#fused.set(matched, fused);
    }
    if (fused === null) return result;
    return (result.length === 2 ? [fused, result[1]] : [fused]) as Result<T>;
  }
}

/** The matched handlers as one, or null unless every one of them is a step. */
function fuse<T extends Entry>(matched: Result<T>[0]): Result<T>[0] | null {
  const chain: Step[] = [];
  for (const [entry] of matched) {
    const step = stepOf(entry[0]);
    if (!step) return null;
    chain.push(step);
  }
  const [lastEntry, lastParams] = matched[matched.length - 1]!;
  const handler = asMiddleware((c, next) => runSteps(chain, c, next));
  return [[[handler, ...lastEntry.slice(1)] as unknown as T, lastParams]] as Result<T>[0];
}

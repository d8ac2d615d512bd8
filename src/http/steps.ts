/**
 * Steps: the mock's own middleware (the request scope, the key check) and its hot handlers, written so that a
 * request they can answer at once is answered at once.
 *
 * A Hono middleware awaits `next()`, and Hono runs two or more matched handlers through `compose`, an async
 * function per layer: every answer then waits for a microtask and comes back as a promise, which
 * @hono/node-server awaits again before writing. On this machine that alone cost a bare Hono app 2.4 µs of the
 * 16.6 µs of CPU a GET took (one pass-through middleware). A step's `next()` instead returns the answer itself,
 * a `Response` when it has one, a promise only when something really waits (a body, a long poll, a scenario's
 * latency). {@link FusingRouter} runs a request whose handlers are all steps as one handler, which Hono calls
 * directly and whose `Response` @hono/node-server writes in the same turn.
 *
 * A step still works as ordinary Hono middleware ({@link asMiddleware}), so routes that also have Hono
 * middleware (zod validators) compose as before.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "../env.js";

/** What a step gives back: the answer, or a promise of it when it has to wait. */
export type Answer = Response | Promise<Response>;

/** Middleware whose `next()` returns the answer; a step that answers itself does not call it. */
export type Step = (c: Context<AppEnv>, next: () => Answer) => Answer;

const stepOfMiddleware = new WeakMap<object, Step>();

/**
 * `step` as Hono middleware; {@link stepOf} gives the step back. It returns a `Response` itself when the step
 * answers at once: the type says middleware returns a promise, but Hono awaits whatever `compose` gets and
 * hands a lone handler's `Response` on as it is, which is the point.
 */
export function asMiddleware(step: Step): MiddlewareHandler<AppEnv> {
  const middleware = (c: Context<AppEnv>, next: Next): Answer => step(c, () => next().then(() => c.res));
  stepOfMiddleware.set(middleware, step);
  return middleware as MiddlewareHandler<AppEnv>;
}

/** The step behind a handler made by {@link asMiddleware} or {@link steps}, if it is one. */
export function stepOf(handler: unknown): Step | undefined {
  return typeof handler === "function" ? stepOfMiddleware.get(handler) : undefined;
}

/** Runs `chain` in order, then `last` if the final step calls `next()`. */
export function runSteps(chain: readonly Step[], c: Context<AppEnv>, last: () => Answer): Answer {
  const from = (i: number): Answer => (i === chain.length ? last() : chain[i]!(c, () => from(i + 1)));
  return from(0);
}

/** One route handler running `chain` in order (the last step answers), usable wherever Hono takes a handler. */
export function steps(...chain: Step[]): MiddlewareHandler<AppEnv> {
  return asMiddleware((c, next) => runSteps(chain, c, next));
}

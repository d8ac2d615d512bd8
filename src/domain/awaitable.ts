/**
 * Values that may come at once or later. The state stores answer an in-memory read with the value itself and a
 * Redis read with a promise of it; code that serves the hot paths (a poll) keeps the in-memory answer
 * synchronous by continuing with {@link andThen} instead of `await`, which would always defer to a microtask.
 */

/** A value, or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** Whether `value` is still to come. */
export function isPromise<T>(value: Awaitable<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** `next(value)`, at once when `value` is already there, else once it comes. */
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

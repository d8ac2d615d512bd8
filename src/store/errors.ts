/**
 * Errors of the store layer that callers outside it recognise, kept free of any Redis client so that
 * importing them does not load one (the memory store starts without ioredis).
 */

/** Thrown at start-up when Redis cannot be reached or does not fit (the message is one line for the user). */
export class StoreConnectError extends Error {
  override name = "StoreConnectError";
}

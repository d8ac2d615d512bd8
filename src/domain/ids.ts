/**
 * Where identifiers come from. Injected so a seeded generator can make runs repeat exactly.
 */

/** Produces the identifiers and secrets the mock hands out. */
export interface Ids {
  /** A random UUID (generation, asset ids; result tokens). */
  uuid(): string;
}

/** Ids from the platform's cryptographic generator. */
export function randomIds(): Ids {
  return { uuid: () => globalThis.crypto.randomUUID() };
}

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
  return {
    uuid: () => {
      const id = globalThis.crypto.randomUUID();
      // randomUUID() builds the string by concatenation, which V8 keeps as a tree of ~14 rope nodes (about
      // 480 bytes) for as long as the id lives: in every stored generation, twice (id and result token).
      // Reading a character makes V8 flatten it into one 36-character string (about 56 bytes).
      id.charCodeAt(0);
      return id;
    },
  };
}

/**
 * Where identifiers and chance come from. Injected, so a scenario's `seed` can make ids, tokens and
 * probabilistic choices repeat exactly from one run to the next.
 */

/** Produces the identifiers the mock hands out, and the randomness of probabilistic scenario rules. */
export interface Ids {
  /** A UUID (generation and asset ids, tokens). */
  uuid(): string;
  /** A number in [0, 1). */
  random(): number;
}

/** Random bytes drawn at a time: 256 UUIDs' worth, one call to the platform's generator. */
const POOL_BYTES = 16 * 256;
const HEX_CODES = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
/** Where each of a UUID's 16 bytes goes in its 36 characters. */
const BYTE_SLOTS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const DASH = 45;

/**
 * Version 4 UUIDs from the platform's cryptographic generator, as `crypto.randomUUID()` makes them. Built from
 * character codes in one go: `randomUUID()` concatenates its string, which V8 keeps as a tree of ~14 rope nodes
 * (about 480 bytes, then flattened to 56 when first read), and every create makes two or three of them.
 */
function randomUuids(): () => string {
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  const codes: number[] = Array.from({ length: 36 }, () => DASH);
  return () => {
    if (used === POOL_BYTES) {
      globalThis.crypto.getRandomValues(pool);
      used = 0;
    }
    for (let i = 0; i < 16; i++) {
      let byte = pool[used + i]!;
      if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
      else if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
      const slot = BYTE_SLOTS[i]!;
      codes[slot] = HEX_CODES[byte >> 4]!;
      codes[slot + 1] = HEX_CODES[byte & 0x0f]!;
    }
    used += 16;
    return String.fromCharCode(...codes);
  };
}

/** Ids from the platform's cryptographic generator. */
export function randomIds(): Ids {
  return { uuid: randomUuids(), random: () => Math.random() };
}

/** A small, fast PRNG with a 32-bit state (mulberry32): plenty for test data, not for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded ids that know how far along their sequence they are (to continue it after a restart). */
export interface SeededIds extends Ids {
  /** Random numbers drawn so far. */
  readonly position: number;
  /** Draws and drops `n` numbers, as if that many had been used. */
  skip(n: number): void;
}

/** Ids that repeat for the same seed and the same sequence of calls; UUIDs are well-formed version 4. */
export function seededIds(seed: number): SeededIds {
  const draw = mulberry32(seed);
  let position = 0;
  const next = () => {
    position++;
    return draw();
  };
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join("");
  return {
    uuid: () => {
      const id = `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`;
      id.charCodeAt(0); // flatten, as randomIds() does
      return id;
    },
    random: next,
    get position() {
      return position;
    },
    skip(n: number) {
      for (let i = 0; i < n; i++) next();
    },
  };
}

/** Ids whose source can be switched when the active scenario's `seed` changes (start, replace, reset). */
export class ReseedableIds implements Ids {
  #source: Ids | SeededIds;

  constructor(
    seed?: number,
    /**
     * Mixed into every seed when not 0: replicas that share one state (the Redis store) draw different
     * sequences from the same scenario seed, or their ids would collide. Replica 1 uses 0: its ids are a single
     * process's.
     */
    private readonly salt = 0,
  ) {
    this.#source = this.#from(seed);
  }

  #from(seed: number | undefined): Ids | SeededIds {
    if (seed === undefined) return randomIds();
    return seededIds(this.salt === 0 ? seed : (seed ^ Math.imul(this.salt, 0x9e3779b1)) >>> 0);
  }

  /** Starts over from `seed` (the same sequence as a fresh start), or goes back to true randomness. */
  reseed(seed: number | undefined): void {
    this.#source = this.#from(seed);
  }

  /** How far a seeded sequence has gone (0 when unseeded). */
  get position(): number {
    return "position" in this.#source ? this.#source.position : 0;
  }

  /** Continues a seeded sequence from `position` (after a restart). */
  skipTo(position: number): void {
    if ("skip" in this.#source) this.#source.skip(Math.max(0, position - this.#source.position));
  }

  uuid(): string {
    return this.#source.uuid();
  }

  random(): number {
    return this.#source.random();
  }
}

/** The shape of the ids the API hands out: a UUID, any version, either case (generation and asset ids). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

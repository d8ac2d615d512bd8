/**
 * The newest entries of a log, each a fixed number of texts, numbers and references, with the texts kept as
 * UTF-8 in one Buffer: outside the JavaScript heap, which the garbage collector never has to copy or scan.
 *
 * Why: the request journal keeps every API request (its request id, path, target, headers and body: about
 * 600 bytes of strings for a create) until a thousand newer ones push it out. As strings and objects that
 * survived two young-generation collections, were copied each time, were promoted, and then filled the old
 * generation, which on a server holding 100k generations is costly to collect: keeping them was 4 µs of the
 * CPU of a `POST /v2/generate`, building them 1 µs. References (to strings and objects that live anyway, such
 * as a scenario's name) and numbers cost nothing to keep, so they stay as they are.
 *
 * Slots and bytes both start small and double as needed, so a key that made a few requests costs little.
 */
import { Buffer } from "node:buffer";

/** The shape of every entry of a ring. */
export interface EntryShape {
  readonly texts: number;
  readonly numbers: number;
  readonly refs: number;
}

/** Text bytes a ring keeps at most: beyond them its oldest entries are dropped, even under `maxEntries`. */
export const MAX_RING_BYTES = 256 * 1024 * 1024;

const INITIAL_SLOTS = 4;
// About two requests: a key that made a few costs about as much as their strings did before the ring.
const INITIAL_BYTES = 1024;

/** A ring of at most `maxEntries` entries of the given shape; the oldest is dropped for each one past that. */
export class EntryRing {
  readonly #shape: EntryShape;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  /**
   * Per slot: where its texts start in #bytes, their length in bytes, then each text's length in UTF-16 units.
   * The texts are written as one string and read back as one, then cut at those lengths (which UTF-8 keeps:
   * even a lone surrogate comes back as one unit, U+FFFD): one call each way instead of one per text.
   */
  #spans: Float64Array;
  #numbers: Float64Array;
  #refs: unknown[];
  #bytes: Buffer;
  #slots: number;
  /** Entries kept. */
  #count = 0;
  /** The slot the next entry goes into. */
  #next = 0;
  /** Where the next entry's texts may start. */
  #head = 0;
  /** Bytes of the entries kept (the bytes skipped when an entry wrapped to the start are not counted). */
  #liveBytes = 0;

  constructor(shape: EntryShape, maxEntries: number, maxBytes = MAX_RING_BYTES) {
    if (!(maxEntries >= 1)) throw new RangeError(`a ring keeps at least one entry, not ${maxEntries}`);
    this.#shape = shape;
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#slots = Math.min(INITIAL_SLOTS, maxEntries);
    this.#spans = new Float64Array(this.#slots * (2 + shape.texts));
    this.#numbers = new Float64Array(this.#slots * shape.numbers);
    this.#refs = new Array<unknown>(this.#slots * shape.refs).fill(null);
    this.#bytes = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  }

  /** Entries kept. */
  get size(): number {
    return this.#count;
  }

  /** Adds an entry (its arrays as long as the shape says), dropping the oldest when the ring is full. */
  push(texts: readonly string[], numbers: readonly number[], refs: readonly unknown[]): void {
    const { texts: textCount, numbers: numberCount, refs: refCount } = this.#shape;
    let joined = "";
    for (let i = 0; i < textCount; i++) joined += texts[i]!;
    const total = Buffer.byteLength(joined, "utf8");
    if (this.#count === this.#maxEntries) this.#dropOldest();
    // Over the byte limit, older entries make room (an entry over it on its own is still kept, alone).
    while (this.#count > 0 && this.#liveBytes + total > this.#maxBytes) this.#dropOldest();
    if (this.#count === this.#slots) this.#rebuild(Math.min(this.#slots * 2, this.#maxEntries), this.#bytes.length);
    let at = this.#place(total);
    if (at < 0) {
      // Doubled (and compacted), the bytes have room at the end.
      this.#rebuild(this.#slots, this.#grownBytes(this.#liveBytes + total));
      at = this.#place(total);
    }
    const slot = this.#next;
    const spanAt = slot * (2 + textCount);
    this.#spans[spanAt] = at;
    this.#spans[spanAt + 1] = total;
    for (let i = 0; i < textCount; i++) this.#spans[spanAt + 2 + i] = texts[i]!.length;
    if (total > 0) this.#bytes.write(joined, at, total, "utf8");
    for (let i = 0; i < numberCount; i++) this.#numbers[slot * numberCount + i] = numbers[i]!;
    for (let i = 0; i < refCount; i++) this.#refs[slot * refCount + i] = refs[i];
    this.#head = at + total;
    this.#liveBytes += total;
    this.#next = (slot + 1) % this.#slots;
    this.#count++;
  }

  /**
   * The texts of the entry `age` places from the newest (0: the newest), or only its first `count`: then only
   * the bytes they can take are decoded (at most 3 per UTF-16 unit), not a body that may follow them.
   */
  texts(age: number, count = this.#shape.texts): string[] {
    const spanAt = this.#slotOf(age) * (2 + this.#shape.texts);
    const start = this.#spans[spanAt]!;
    let units = 0;
    for (let i = 0; i < count; i++) units += this.#spans[spanAt + 2 + i]!;
    // A character cut at the end of the bound decodes as U+FFFD past the texts asked for, and is sliced off.
    const end = start + Math.min(this.#spans[spanAt + 1]!, 3 * units);
    const joined = this.#bytes.toString("utf8", start, end);
    const texts: string[] = [];
    let from = 0;
    for (let i = 0; i < count; i++) {
      const length = this.#spans[spanAt + 2 + i]!;
      texts.push(joined.slice(from, from + length));
      from += length;
    }
    return texts;
  }

  /** Number `field` of the entry `age` places from the newest. */
  number(age: number, field: number): number {
    return this.#numbers[this.#slotOf(age) * this.#shape.numbers + field]!;
  }

  /** Reference `field` of the entry `age` places from the newest. */
  ref(age: number, field: number): unknown {
    return this.#refs[this.#slotOf(age) * this.#shape.refs + field];
  }

  #slotOf(age: number): number {
    if (!(age >= 0 && age < this.#count)) throw new RangeError(`no entry ${age} places from the newest of ${this.#count}`);
    return (this.#next - 1 - age + 2 * this.#slots) % this.#slots;
  }

  #entryBytes(slot: number): number {
    return this.#spans[slot * (2 + this.#shape.texts) + 1]!;
  }

  #dropOldest(): void {
    const oldest = this.#slotOf(this.#count - 1);
    this.#liveBytes -= this.#entryBytes(oldest);
    for (let i = 0; i < this.#shape.refs; i++) this.#refs[oldest * this.#shape.refs + i] = null;
    this.#count--;
  }

  /** Where `size` bytes fit without touching a kept entry's, or -1. */
  #place(size: number): number {
    const capacity = this.#bytes.length;
    if (this.#liveBytes === 0) {
      // Nothing to keep (entries without text included): start again from the beginning.
      this.#head = 0;
      return size <= capacity ? 0 : -1;
    }
    const oldestStart = this.#spans[this.#slotOf(this.#count - 1) * (2 + this.#shape.texts)]!;
    if (this.#head > oldestStart) {
      // The kept bytes run from oldestStart to head: free after them, then before them.
      if (size <= capacity - this.#head) return this.#head;
      return size <= oldestStart ? 0 : -1;
    }
    // The kept bytes wrap past the end: free only between head and oldestStart.
    return size <= oldestStart - this.#head ? this.#head : -1;
  }

  /** A byte capacity for `needed` bytes: doubled, within the limit unless one entry alone is over it. */
  #grownBytes(needed: number): number {
    const doubled = Math.max(this.#bytes.length * 2, nextPowerOfTwo(needed));
    return Math.max(needed, Math.min(doubled, this.#maxBytes));
  }

  /** Moves every entry, oldest first, into `slots` slots and `byteCapacity` bytes, texts packed from 0. */
  #rebuild(slots: number, byteCapacity: number): void {
    const { texts: textCount, numbers: numberCount, refs: refCount } = this.#shape;
    const stride = 2 + textCount;
    const spans = new Float64Array(slots * stride);
    const numbers = new Float64Array(slots * numberCount);
    const refs = new Array<unknown>(slots * refCount).fill(null);
    const target = Buffer.allocUnsafeSlow(byteCapacity);
    let offset = 0;
    for (let age = this.#count - 1, slot = 0; age >= 0; age--, slot++) {
      const from = this.#slotOf(age);
      const size = this.#entryBytes(from);
      const start = this.#spans[from * stride]!;
      this.#bytes.copy(target, offset, start, start + size);
      spans.set(this.#spans.subarray(from * stride, (from + 1) * stride), slot * stride);
      spans[slot * stride] = offset;
      for (let i = 0; i < numberCount; i++) numbers[slot * numberCount + i] = this.#numbers[from * numberCount + i]!;
      for (let i = 0; i < refCount; i++) refs[slot * refCount + i] = this.#refs[from * refCount + i];
      offset += size;
    }
    this.#spans = spans;
    this.#numbers = numbers;
    this.#refs = refs;
    this.#bytes = target;
    this.#slots = slots;
    this.#next = this.#count % slots;
    this.#head = offset;
  }
}

function nextPowerOfTwo(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

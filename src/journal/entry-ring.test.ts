import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntryRing } from "./entry-ring.js";

const SHAPE = { texts: 3, numbers: 2, refs: 2 };

interface ModelEntry {
  texts: string[];
  numbers: number[];
  refs: unknown[];
}

const utf8Bytes = (entry: ModelEntry) => entry.texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

/** What the ring must hold: the newest `maxEntries`, fewer when their texts pass `maxBytes` (never none). */
function expectedAfter(model: ModelEntry[], maxEntries: number, maxBytes: number): ModelEntry[] {
  const kept = model.slice(-maxEntries);
  while (kept.length > 1 && kept.reduce((sum, e) => sum + utf8Bytes(e), 0) > maxBytes) kept.shift();
  return kept;
}

function contents(ring: EntryRing): ModelEntry[] {
  return Array.from({ length: ring.size }, (_, i) => ring.size - 1 - i).map((age) => ({
    texts: ring.texts(age),
    numbers: [0, 1].map((f) => ring.number(age, f)),
    refs: [0, 1].map((f) => ring.ref(age, f)),
  }));
}

describe("EntryRing", () => {
  it("holds exactly the newest entries, through wraps, growth and drops, whatever the texts", () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.constant(""), fc.string({ minLength: 200, maxLength: 900 }));
    const entry = fc.record({ texts: fc.array(text, { minLength: 3, maxLength: 3 }), numbers: fc.array(fc.double(), { minLength: 2, maxLength: 2 }), refs: fc.array(fc.oneof(fc.constant(null), fc.string(), fc.object()), { minLength: 2, maxLength: 2 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 64, max: 4_096 }), fc.array(entry, { maxLength: 120 }), (maxEntries, maxBytes, entries) => {
        const ring = new EntryRing(SHAPE, maxEntries, maxBytes);
        let pushed: ModelEntry[] = [];
        for (const e of entries) {
          ring.push(e.texts, e.numbers, e.refs);
          pushed.push(e);
          const expected = expectedAfter(pushed, maxEntries, maxBytes);
          pushed = expected;
          expect(contents(ring)).toEqual(expected);
          expect([ring.texts(0, 1), ring.texts(0, 2)]).toEqual([e.texts.slice(0, 1), e.texts.slice(0, 2)]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reads the first texts of an entry alone, whatever follows them", () => {
    const ring = new EntryRing(SHAPE, 4);
    for (const first of ["/v2/é", "😀x", "", "abc"]) {
      ring.push([first, "ünïcode ".repeat(50), "🎬".repeat(40)], [0, 0], [null, null]);
      expect(ring.texts(0, 1)).toEqual([first]);
      expect(ring.texts(0, 2)).toEqual([first, "ünïcode ".repeat(50)]);
    }
  });

  it("keeps an entry larger than its byte limit, alone", () => {
    const ring = new EntryRing(SHAPE, 10, 16);
    ring.push(["a", "b", "c"], [1, 2], [null, null]);
    ring.push(["x".repeat(100), "", "é"], [3, 4], ["r", null]);
    expect(ring.size).toBe(1);
    expect(ring.texts(0)).toEqual(["x".repeat(100), "", "é"]);
    ring.push(["d", "e", "f"], [5, 6], [null, null]);
    expect(contents(ring).map((e) => e.texts)).toEqual([["d", "e", "f"]]);
  });

  it("refuses to read an entry it does not hold", () => {
    const ring = new EntryRing(SHAPE, 2);
    ring.push(["a", "b", "c"], [1, 2], [null, null]);
    expect(() => ring.texts(1)).toThrow(RangeError);
    expect(() => ring.number(-1, 0)).toThrow(RangeError);
  });
});

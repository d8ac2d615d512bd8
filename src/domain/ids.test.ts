import { describe, expect, it } from "vitest";
import { randomIds, seededIds } from "./ids.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("ids", () => {
  it("repeats exactly for the same seed", () => {
    const a = seededIds(42);
    const b = seededIds(42);
    const seqA = [a.uuid(), a.random(), a.uuid()];
    expect([b.uuid(), b.random(), b.uuid()]).toEqual(seqA);
  });

  it("differs between seeds", () => {
    expect(seededIds(1).uuid()).not.toBe(seededIds(2).uuid());
  });

  it("makes well-formed version-4 UUIDs and numbers in [0, 1)", () => {
    for (const ids of [seededIds(7), randomIds()]) {
      for (let i = 0; i < 200; i++) {
        expect(ids.uuid()).toMatch(UUID_V4);
        const r = ids.random();
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(1);
      }
    }
  });

  it("draws fresh random UUIDs across refills of its pool of random bytes, every free digit varying", () => {
    const ids = randomIds();
    const uuids = Array.from({ length: 1_000 }, () => ids.uuid());
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids) expect(uuid).toMatch(UUID_V4);
    for (let position = 0; position < 36; position++) {
      const digits = new Set(uuids.map((uuid) => uuid[position]));
      const fixed = [8, 13, 18, 23].includes(position) || position === 14;
      expect(digits.size, `position ${position}`).toBe(fixed ? 1 : position === 19 ? 4 : 16);
    }
  });
});

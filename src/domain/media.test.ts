import { describe, expect, it } from "vitest";
import { globMatch } from "./glob.js";
import { DEFAULT_MEDIA, describeMedia, scriptSeconds } from "./media.js";

describe("globMatch", () => {
  it.each([
    ["free_*", "free_abc", true],
    ["free_*", "xfree_abc", false],
    ["*unreachable*", "https://cdn.test/unreachable/a.mp4", true],
    ["https://cdn.test/*.wav", "https://cdn.test/dir/a.wav", true],
    ["a?c", "abc", true],
    ["a?c", "abbc", false],
    ["*.mp4", "x.mp4?token=1", false],
    ["a.b", "axb", false],
  ])("%s matches %s: %s", (glob, text, expected) => {
    expect(globMatch(glob, text)).toBe(expected);
  });
});

describe("describeMedia", () => {
  const rules = [
    { match: "*slow*", durationSeconds: 60 },
    { match: "*broken*", reachable: false },
    { match: "*", fps: 30 },
  ];
  it("uses the first matching rule over the defaults", () => {
    expect(describeMedia("https://x/slow.mp4", rules)).toEqual({ ...DEFAULT_MEDIA, durationSeconds: 60 });
    expect(describeMedia("https://x/broken.mp4", rules)).toEqual({ ...DEFAULT_MEDIA, reachable: false });
  });
  it("falls back to a healthy 10 s, 25 fps clip", () => {
    expect(describeMedia("https://x/a.mp4", [])).toEqual({ durationSeconds: 10, fps: 25, reachable: true, valid: true });
  });
});

describe("scriptSeconds", () => {
  it("reads 15 characters a second", () => {
    expect(scriptSeconds("x".repeat(150))).toBe(10);
  });
});

import { describe, expect, it } from "vitest";
import type { GenerationRequest } from "./generation-request.js";
import { generationRuleProblems } from "./generation-rules.js";

const video = { type: "video" as const, url: "https://cdn.test/v.mp4" };
const audio = { type: "audio" as const, url: "https://cdn.test/a.wav" };
const ok: GenerationRequest = { model: "lipsync-2", input: [video, audio] };

describe("generationRuleProblems", () => {
  it("accepts one video and one audio", () => {
    expect(generationRuleProblems(ok)).toEqual([]);
  });

  it("accepts text to speech as the voice", () => {
    expect(generationRuleProblems({ model: "lipsync-2", input: [video, { type: "text", provider: { script: "hi" } }] })).toEqual([]);
  });

  it.each<[string, GenerationRequest, string]>([
    ["no visual input", { model: "lipsync-2", input: [audio] }, "input must contain exactly one video or image input (found 0)"],
    ["two visual inputs", { model: "sync-3", input: [video, { type: "image", url: "https://cdn.test/i.png" }, audio] }, "input must contain exactly one video or image input (found 2)"],
    ["no voice", { model: "lipsync-2", input: [video] }, "input must contain at least one audio or text input"],
    ["several voices without segments", { model: "lipsync-2", input: [video, audio, audio] }, "several audio or text inputs need segments to say which one plays when"],
    ["an image with another model", { model: "lipsync-2", input: [{ type: "image", url: "https://cdn.test/i.png" }, audio] }, "image input is only supported by model sync-3, not lipsync-2"],
    ["an input with neither url nor assetId", { model: "lipsync-2", input: [{ type: "video" }, audio] }, "input.0 must have either url or assetId"],
    ["a bad outputFileName", { ...ok, outputFileName: "my file.mp4" }, "outputFileName must be 1-255 characters of letters, digits, underscores and hyphens"],
    ["a too long outputFileName", { ...ok, outputFileName: "a".repeat(256) }, "outputFileName must be 1-255 characters of letters, digits, underscores and hyphens"],
    ["dubParams with a voice", { ...ok, dubParams: { targetLang: "de" } }, "dubParams cannot be combined with audio or text inputs"],
  ])("reports %s", (_name, request, problem) => {
    expect(generationRuleProblems(request)).toContain(problem);
  });

  it("accepts dubParams without a voice", () => {
    expect(generationRuleProblems({ model: "lipsync-2", input: [video], dubParams: { targetLang: "de" } })).toEqual([]);
  });

  describe("with segments", () => {
    const segment = (refId: string, startTime = 0, endTime = 5) => ({ startTime, endTime, audioInput: { refId } });

    it("accepts voices with unique refIds that the segments name", () => {
      const request: GenerationRequest = {
        model: "lipsync-2",
        input: [video, { ...audio, refId: "a" }, { ...audio, refId: "b" }],
        segments: [segment("a"), segment("b", 5, 10)],
      };
      expect(generationRuleProblems(request)).toEqual([]);
    });

    it("reports every segment problem at once", () => {
      const request: GenerationRequest = {
        model: "lipsync-2",
        input: [video, { ...audio, refId: "a" }, { ...audio, refId: "a" }, audio],
        segments: [segment("zzz"), segment("a", 6, 2), { startTime: 0, endTime: 1, audioInput: { refId: "a", startTime: 1 } }],
      };
      expect(generationRuleProblems(request)).toEqual([
        'input.2.refId "a" duplicates input.1.refId',
        "input.3.refId is required when segments are used",
        'segments.0.audioInput.refId "zzz" matches no audio or text input',
        "segments.1.startTime must not be greater than segments.1.endTime",
        "segments.2.audioInput.startTime and endTime must be given together",
      ]);
    });
  });
});

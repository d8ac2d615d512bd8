import { describe, expect, it } from "vitest";
import { DEFAULT_MEDIA, type MediaInfo } from "./media.js";
import { decideOutcome, outputDurationSeconds, type ResolvedInput } from "./outcome.js";

const media = (overrides: Partial<MediaInfo> = {}): MediaInfo => ({ ...DEFAULT_MEDIA, ...overrides });
const video = (o: Partial<MediaInfo> = {}): ResolvedInput => ({ type: "video", media: media(o) });
const audio = (o: Partial<MediaInfo> = {}): ResolvedInput => ({ type: "audio", media: media(o) });
const base = { model: "lipsync-2", hasSegments: false, maxGenerationSeconds: 1800 };

describe("outputDurationSeconds", () => {
  const inputs = [video({ durationSeconds: 12 }), audio({ durationSeconds: 8 })];
  it.each([
    [undefined, 8],
    ["bounce", 8],
    ["loop", 8],
    ["remap", 8],
    ["cut_off", 8],
    ["silence", 12],
  ])("sync_mode %s gives %s s", (syncMode, seconds) => {
    expect(outputDurationSeconds({ inputs, syncMode, hasSegments: false })).toBe(seconds);
  });

  it("cut_off trims to the shorter of audio and video", () => {
    expect(outputDurationSeconds({ inputs: [video({ durationSeconds: 5 }), audio({ durationSeconds: 9 })], syncMode: "cut_off", hasSegments: false })).toBe(5);
  });

  it("follows the audio for an image", () => {
    expect(outputDurationSeconds({ inputs: [{ type: "image", media: media() }, audio({ durationSeconds: 7 })], syncMode: "silence", hasSegments: false })).toBe(7);
  });

  it("follows the video when segments cover it", () => {
    expect(outputDurationSeconds({ inputs: [video({ durationSeconds: 30 }), audio({ durationSeconds: 3 })], hasSegments: true })).toBe(30);
  });
});

describe("decideOutcome", () => {
  it("completes healthy media", () => {
    expect(decideOutcome({ ...base, inputs: [video(), audio()] })).toEqual({ status: "COMPLETED", outputDuration: 10 });
  });

  it.each([
    ["an unreachable video", [video({ reachable: false }), audio()], "FAILED", "generation_input_video_inaccessible"],
    ["an unreachable audio", [video(), audio({ reachable: false })], "FAILED", "generation_input_audio_inaccessible"],
    ["an unreachable image", [{ type: "image", media: media({ reachable: false }) } as ResolvedInput, audio()], "FAILED", "generation_input_image_inaccessible"],
    ["an invalid audio", [video(), audio({ valid: false })], "FAILED", "generation_input_audio_invalid"],
    ["audio over 300 s", [video(), audio({ durationSeconds: 301 })], "FAILED", "generation_input_duration_greater_than_max_duration"],
  ] as const)("fails %s", (_name, inputs, status, code) => {
    const outcome = decideOutcome({ ...base, inputs: [...inputs] });
    expect(outcome).toMatchObject({ status, errorCode: code });
    expect("error" in outcome && outcome.error.length).toBeGreaterThan(0);
  });

  it("checks reachability before validity", () => {
    expect(decideOutcome({ ...base, inputs: [video({ valid: false }), audio({ reachable: false })] })).toMatchObject({ errorCode: "generation_input_audio_inaccessible" });
  });

  it("rejects react-1 inputs over 15 s", () => {
    expect(decideOutcome({ ...base, model: "react-1", inputs: [video({ durationSeconds: 16 }), audio({ durationSeconds: 5 })] })).toMatchObject({
      status: "REJECTED",
      errorCode: "generation_model_duration_exceeded",
    });
  });

  it("rejects outputs over the plan's cap", () => {
    expect(decideOutcome({ ...base, maxGenerationSeconds: 20, inputs: [video(), audio({ durationSeconds: 25 })] })).toMatchObject({
      status: "REJECTED",
      errorCode: "generation_plan_duration_exceeded",
    });
  });

  it("completes an output exactly at the cap", () => {
    expect(decideOutcome({ ...base, maxGenerationSeconds: 20, inputs: [video(), audio({ durationSeconds: 20 })] }).status).toBe("COMPLETED");
  });
});

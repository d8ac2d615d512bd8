/**
 * The official SDK against an in-process mock running one shipped scenario, for the scenario tests.
 */
import { SyncClient, type Sync } from "@sync.so/sdk";
import { afterAll, beforeAll } from "vitest";
import { startSyncMock, type StartSyncMockOptions, type SyncMock } from "../../src/testing/index.js";

/** The file's mock, and a fresh SDK client (a fresh key) per call of `sdk()`. */
export interface ScenarioContext {
  mock: SyncMock;
  sdk(plan?: string): { client: SyncClient; key: string };
}

/** Starts a mock on `scenario` (a shipped name) for the current test file. */
export function useScenario(scenario: string, options: Omit<StartSyncMockOptions, "scenario"> = {}): ScenarioContext {
  const context = {} as ScenarioContext;
  beforeAll(async () => {
    context.mock = await startSyncMock({ clock: "manual", scenario, ...options });
    context.sdk = (plan) => {
      const key = context.mock.apiKey(plan);
      return { key, client: new SyncClient({ baseUrl: context.mock.baseUrl, apiKey: key }) };
    };
  });
  afterAll(() => context.mock.close());
  return context;
}

/** A create request whose video is `videoUrl`. */
export function request(videoUrl = "https://cdn.test/talk.mp4", model: Sync.Model = "lipsync-2"): Sync.CreateGenerationDto {
  return { model, input: [{ type: "video", url: videoUrl }, { type: "audio", url: "https://cdn.test/voice.wav" }] };
}

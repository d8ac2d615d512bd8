/**
 * Where the contract suite runs: an in-process mock by default, or the real Sync API when SYNC_API_KEY and
 * SYNC_BASE_URL are set (live mode), so anyone with a key can check the mock against the real thing.
 * Tests that script outcomes or move the clock run against the mock only.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startSyncMock, type SyncMock } from "../../src/testing/index.js";
import { validatingFetch } from "../helpers/openapi.js";

/** The API under test. */
export interface Target {
  readonly baseUrl: string;
  readonly live: boolean;
  /** A key for a fresh tenant (live: the one real key). */
  apiKey(plan?: string): string;
  /** Lets `ms` of the tenant's time pass (mock: an advance; live: real waiting). */
  elapse(ms: number, apiKey: string): Promise<void>;
  /** The mock, when not live. */
  readonly mock?: SyncMock;
  close(): Promise<void>;
}

/** Starts the target of this run. */
export async function startTarget(): Promise<Target> {
  const liveKey = process.env.SYNC_API_KEY;
  const liveUrl = process.env.SYNC_BASE_URL;
  if (liveKey && liveUrl) {
    return {
      baseUrl: liveUrl.replace(/\/+$/, ""),
      live: true,
      apiKey: () => liveKey,
      elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      close: async () => undefined,
    };
  }
  const mock = await startSyncMock({ clock: "manual" });
  return {
    baseUrl: mock.baseUrl,
    live: false,
    apiKey: (plan = "scale") => `${plan}_${randomUUID()}`,
    elapse: async (ms, apiKey) => {
      await mock.admin.advance(ms, apiKey);
    },
    mock,
    close: () => mock.close(),
  };
}

/**
 * Starts the target for the current test file and watches every response it sends (through the global
 * `fetch` the SDK uses) against openapi/openapi.json; each test fails if one did not match.
 */
export function useContractTarget(): { target: Target } {
  const context = {} as { target: Target };
  const problems: string[] = [];
  const originalFetch = globalThis.fetch;
  beforeAll(async () => {
    context.target = await startTarget();
    globalThis.fetch = validatingFetch(context.target.baseUrl, problems, originalFetch);
  });
  afterAll(async () => {
    globalThis.fetch = originalFetch;
    await context.target?.close();
  });
  afterEach(() => {
    expect(problems, "responses that do not match openapi/openapi.json").toEqual([]);
    problems.length = 0;
  });
  return context;
}

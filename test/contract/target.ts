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
  const store = process.env.SYNC_MOCK_STORE;
  if (store && store !== "memory") return startReplicas(store);
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
 * Two replicas on one Redis: the SDK is given the first one's URL and useContractTarget's fetch sends every
 * other request to the second, so each step of a test (create, poll, download, advance) may land on either.
 */
async function startReplicas(store: string): Promise<Target> {
  const storePrefix = `sync-mock-test:${randomUUID()}:`;
  const mock = await startSyncMock({ clock: "manual", store, storePrefix });
  const other = await startSyncMock({ clock: "manual", store, storePrefix });
  replicaUrls = [mock.baseUrl, other.baseUrl];
  let turn = 0;
  return {
    baseUrl: mock.baseUrl,
    live: false,
    apiKey: (plan = "scale") => `${plan}_${randomUUID()}`,
    elapse: async (ms, apiKey) => {
      await (turn++ % 2 === 0 ? mock : other).admin.advance(ms, apiKey);
    },
    mock,
    close: async () => {
      replicaUrls = undefined;
      await Promise.all([mock.close(), other.close()]);
    },
  };
}

// The replicas' URLs while a two-replica target runs (first: the one the SDK is given).
let replicaUrls: [string, string] | undefined;
let requests = 0;

/** Sends every other request of the SDK to the second replica. */
function alternating(fetchImpl: typeof fetch): typeof fetch {
  return (input, init) => {
    const urls = replicaUrls;
    if (!urls || requests++ % 2 === 0) return fetchImpl(input, init);
    const request = input instanceof Request ? input : undefined;
    const url = String(request ? request.url : input);
    if (!url.startsWith(urls[0])) return fetchImpl(input, init);
    const moved = urls[1] + url.slice(urls[0].length);
    return request ? fetchImpl(new Request(moved, request), init) : fetchImpl(moved, init);
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
    globalThis.fetch = validatingFetch(context.target.baseUrl, problems, alternating(originalFetch));
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

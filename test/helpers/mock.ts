/**
 * One in-process mock per test file: started before the tests, closed after them.
 */
import { afterAll, beforeAll } from "vitest";
import { startSyncMock, type StartSyncMockOptions, type SyncMock } from "../../src/testing/index.js";
import { client } from "./http.js";

/** The file's mock and an HTTP client for it; read the fields inside tests (they are set in beforeAll). */
export interface MockContext {
  mock: SyncMock;
  api: ReturnType<typeof client>;
}

/** Starts a mock for the current test file. */
export function useSyncMock(options: StartSyncMockOptions = {}): MockContext {
  const context = {} as MockContext;
  beforeAll(async () => {
    context.mock = await startSyncMock(options);
    context.api = client(context.mock.baseUrl);
  });
  afterAll(() => context.mock?.close());
  return context;
}

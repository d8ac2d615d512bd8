/**
 * `sync-mock/testcontainers`: the sync-mock image as a Testcontainers module, for tests that want the mock in a
 * container (beside other containers, or exactly as it ships) rather than in their own process
 * (`sync-mock/testing`). Needs the `testcontainers` package (an optional peer dependency) and a container engine.
 *
 * ```ts
 * const mock = await startSyncMockContainer({ clock: "manual" });
 * const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey() });
 * await mock.admin.advance(5_000);
 * await mock.close();
 * ```
 */
export {
  SYNC_MOCK_PORT,
  StartedSyncMockContainer,
  SyncMockContainer,
  startSyncMockContainer,
  syncMockEnvironment,
  syncMockImage,
  type SyncMockContainerOptions,
} from "./container.js";
// The admin client and the types of its answers, as `sync-mock/testing` has them.
export * from "../testing/admin-client.js";

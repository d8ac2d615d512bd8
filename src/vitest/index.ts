/**
 * `sync-mock/vitest`: one sync-mock container per test file, for vitest.
 *
 * ```ts
 * import { useSyncMock } from "sync-mock/vitest";
 * const mock = useSyncMock({ clock: "manual" });
 *
 * it("completes a generation", async () => {
 *   const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey() });
 *   ...
 *   await mock.admin.advance(60_000);
 * });
 * ```
 * Needs the `testcontainers` and `vitest` packages (optional peer dependencies) and a container engine.
 */
import { afterAll, beforeAll } from "vitest";
import type { AdminClient } from "../testing/admin-client.js";
import { SyncMockContainer, type StartedSyncMockContainer, type SyncMockContainerOptions } from "../testcontainers/container.js";

/** How `useSyncMock` starts its container. */
export interface UseSyncMockOptions extends SyncMockContainerOptions {
  /** The timeout of the beforeAll that starts the container and the afterAll that stops it (default 120 s). */
  hookTimeoutMs?: number;
}

/** The file's mock, usable from inside tests and their hooks (once beforeAll has run). */
export interface SyncMockHandle {
  /** Base URL for SDK clients (`new SyncClient({ baseUrl })`). */
  readonly baseUrl: string;
  /** A fresh API key, hence a fresh, isolated tenant: one per test keeps tests apart in one container. */
  apiKey(plan?: string): string;
  readonly admin: AdminClient;
  /** The running container itself (logs, exec, network names). */
  readonly container: StartedSyncMockContainer;
}

/**
 * Registers a beforeAll that starts a sync-mock container and an afterAll that stops it, in the file or `describe`
 * it is called in, and returns a handle whose fields read the running container.
 */
export function useSyncMock(options: UseSyncMockOptions = {}): SyncMockHandle {
  const { hookTimeoutMs = 120_000, ...containerOptions } = options;
  let started: StartedSyncMockContainer | undefined;
  beforeAll(async () => {
    started = await new SyncMockContainer(containerOptions).start();
  }, hookTimeoutMs);
  afterAll(async () => {
    await started?.stop();
    started = undefined;
  }, hookTimeoutMs);
  const running = (): StartedSyncMockContainer => {
    // Read at the top of a file, the container does not exist yet: say so rather than hand out undefined.
    if (!started) throw new Error("useSyncMock(): the container is not running: use its fields inside a test or a hook, after beforeAll");
    return started;
  };
  return {
    get baseUrl() {
      return running().baseUrl;
    },
    apiKey: (plan?: string) => running().apiKey(plan),
    get admin() {
      return running().admin;
    },
    get container() {
      return running();
    },
  };
}

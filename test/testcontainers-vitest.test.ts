/**
 * `sync-mock/vitest`'s useSyncMock(): one container for this file, started in beforeAll and stopped in afterAll,
 * here with a scenario given as YAML text (copied into the container) and an admin token; the engine is asked
 * whether the container is gone after the file. Skipped, with the
 * reason, where no engine or no image is there (test/helpers/containers.ts).
 */
import { SyncClient } from "@sync.so/sdk";
import { getContainerRuntimeClient } from "testcontainers";
import { afterAll, describe, expect, it } from "vitest";
import { AdminClient, AdminError, syncMockImage } from "../src/testcontainers/index.js";
import { useSyncMock, type SyncMockHandle } from "../src/vitest/index.js";
import { containerSkipReason, titled } from "./helpers/containers.js";

const reason = await containerSkipReason(syncMockImage());
const SCENARIO = `
name: from-the-test
extends: instant
`;

/** Whether the engine still knows a container (a stopped one removed is a 404). */
async function engineHas(id: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.container.inspect(client.container.getById(id)).then(
    () => true,
    (error: { statusCode?: number }) => (error.statusCode === 404 ? false : Promise.reject(error)),
  );
}

describe.skipIf(reason)(titled("useSyncMock()", reason), () => {
  let containerId: string | undefined;
  // Registered before useSyncMock's hooks, so it runs after its afterAll (they run in reverse): the container
  // should be gone by then, and the engine is asked.
  afterAll(async () => {
    expect(containerId).toBeDefined();
    expect(await engineHas(containerId!)).toBe(false);
  });
  const mock: SyncMockHandle = useSyncMock({ scenario: SCENARIO, adminToken: "let-me-in" });
  // Here, at collection time, beforeAll has not run yet: as at the top of a file.
  const early = (() => {
    try {
      return mock.baseUrl;
    } catch (error) {
      return error;
    }
  })();

  it("says plainly when its fields are read before the container runs", () => {
    expect(early).toBeInstanceOf(Error);
    expect((early as Error).message).toMatch(/^useSyncMock\(\): the container is not running/);
  });

  it("hands each test the running container's base URL, fresh keys and admin client", async () => {
    containerId = mock.container.getId();
    expect(await engineHas(containerId)).toBe(true);
    expect(mock.baseUrl).toBe(mock.container.baseUrl);
    expect(mock.apiKey()).not.toBe(mock.apiKey());
    expect(await mock.admin.health()).toMatchObject({ status: "ok", scenario: "from-the-test", clock: "real" });
  });

  it("starts the mock with the scenario text it was given, and the SDK sees it", async () => {
    const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey() });
    const created = await sync.generations.create({
      model: "lipsync-2",
      input: [
        { type: "video", url: "https://cdn.example/face.mp4" },
        { type: "audio", url: "https://cdn.example/voice.wav" },
      ],
    });
    // `instant`: terminal at the first read.
    expect((await sync.generations.get(created.id)).status).toBe("COMPLETED");
  });

  it("guards the admin plane with the token, which its admin client sends", async () => {
    const error = await new AdminClient(mock.baseUrl).clock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).status).toBe(401);
    expect((await mock.admin.clock()).mode).toBe("real");
  });
});

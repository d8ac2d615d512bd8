/**
 * `sync-mock/testcontainers` against a real container engine and the real image: the official SDK drives a
 * generation in the container, the admin client moves its manual clock, reads its journal, and carries a key's
 * world to another key. Skipped, with the reason, where no engine or no image is there (test/helpers/containers.ts).
 */
import { SyncClient, type Sync } from "@sync.so/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSyncMockContainer, syncMockImage, type StartedSyncMockContainer } from "../src/testcontainers/index.js";
import { containerSkipReason, titled } from "./helpers/containers.js";
import { isPlayableMp4 } from "./helpers/mp4.js";

const reason = await containerSkipReason(syncMockImage());
const request: Sync.CreateGenerationDto = {
  model: "lipsync-2",
  input: [
    { type: "video", url: "https://cdn.example/face.mp4" },
    { type: "audio", url: "https://cdn.example/voice.wav" },
  ],
};

describe.skipIf(reason)(titled("sync-mock/testcontainers", reason), () => {
  let mock: StartedSyncMockContainer;
  beforeAll(async () => {
    mock = await startSyncMockContainer({ clock: "manual" });
  }, 180_000);
  afterAll(() => mock?.close(), 60_000);

  it("starts the image, waits for /health, and reports the settings it was given", async () => {
    expect(mock.baseUrl).toMatch(/^http:\/\/[^/]+:\d+$/);
    expect(await mock.admin.health()).toMatchObject({ status: "ok", clock: "manual", scenario: "default" });
    expect(mock.apiKey("free")).toMatch(/^free_[0-9a-f-]{36}$/);
    expect(mock.apiKey()).not.toBe(mock.apiKey());
  });

  it("completes a generation made with the official SDK once the admin client advances the clock", async () => {
    const apiKey = mock.apiKey();
    const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey });
    const created = await sync.generations.create(request);
    expect(created.status).toBe("PENDING");
    // The clock is manual: nothing moves until it is advanced.
    expect((await sync.generations.get(created.id)).status).toBe("PENDING");

    await mock.admin.advance(60_000, apiKey);
    const done = await sync.generations.get(created.id);
    expect(done.status).toBe("COMPLETED");
    // The URLs the mock hands out carry the host port, so they open from the test's side of the container.
    expect(done.outputUrl?.startsWith(`${mock.publicUrl}/`)).toBe(true);
    const download = await fetch(done.outputUrl!);
    expect(isPlayableMp4(Buffer.from(await download.arrayBuffer()))).toBe(true);
  });

  it("journals the SDK's requests under the key that made them", async () => {
    const apiKey = mock.apiKey();
    const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey });
    const created = await sync.generations.create(request);
    await sync.generations.get(created.id);

    const journal = await mock.admin.requests({}, apiKey);
    expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([`GET /v2/generate/${created.id} 200`, "POST /v2/generate 201"]);
    expect(await mock.admin.requests({}, mock.apiKey())).toEqual([]);
  });

  it("exports a key's world and imports it as another key, completed job and clock included", async () => {
    const first = mock.apiKey();
    const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: first });
    const created = await sync.generations.create(request);
    await mock.admin.advance(60_000, first);

    const snapshot = await mock.admin.exportState(first);
    expect(snapshot).toMatchObject({ format: "sync-mock-state", scope: "tenant" });
    const second = mock.apiKey();
    expect(await mock.admin.importState(snapshot, second)).toMatchObject({ scope: "tenant", tenants: 1, generations: 1 });

    const copy = await new SyncClient({ baseUrl: mock.baseUrl, apiKey: second }).generations.get(created.id);
    expect(copy).toMatchObject({ id: created.id, status: "COMPLETED" });
  });
});

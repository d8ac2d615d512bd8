/**
 * `sync-mock/testing` as a user imports it: by package name, from the built files.
 */
import { describe, expect, it } from "vitest";

describe("sync-mock/testing", () => {
  it("is importable by package name and starts a working mock", async () => {
    const { startSyncMock } = await import("sync-mock/testing");
    const mock = await startSyncMock({ clock: "manual", scenario: "instant" });
    try {
      const health = await mock.admin.health();
      expect(health).toMatchObject({ status: "ok", clock: "manual", scenario: "instant" });
      expect(mock.apiKey("free")).toMatch(/^free_/);
    } finally {
      await mock.close();
    }
  });
});

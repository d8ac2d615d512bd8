/**
 * The switch between the two test projects: in "redis", every mock the suite starts keeps its state in the
 * run's redis-server; in "memory", in its own process.
 */
import { describe, expect, it } from "vitest";
import { useSyncMock } from "./helpers/mock.js";

const context = useSyncMock({ clock: "manual" });

describe("the store under test", () => {
  it("is the one the test project selects, and /__mock/health names it", async () => {
    const expected = process.env["SYNC_MOCK_STORE"] ? "redis" : "memory";
    expect(context.mock.server.deps.store.kind).toBe(expected);
    const health = await context.mock.admin.health();
    expect(health.store.kind).toBe(expected);
  });
});

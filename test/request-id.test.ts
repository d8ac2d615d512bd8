/**
 * X-Request-Id over real HTTP: every answer carries one, a sane id sent by the client is echoed, anything else
 * is replaced by a fresh UUID.
 */
import { describe, expect, it } from "vitest";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function requestIdOf(path: string, headers: Record<string, string> = {}): Promise<string | null> {
  const response = await fetch(`${t.mock.baseUrl}${path}`, { headers });
  await response.arrayBuffer();
  return response.headers.get("x-request-id");
}

describe("X-Request-Id", () => {
  it("is a fresh UUID on every answer, success or error", async () => {
    const first = await requestIdOf("/health");
    expect(first).toMatch(UUID);
    expect(await requestIdOf("/health")).not.toBe(first);
    expect(await requestIdOf("/v2/generations", { "x-api-key": t.mock.apiKey() })).toMatch(UUID);
    expect(await requestIdOf("/v2/generations")).toMatch(UUID); // 401
    expect(await requestIdOf("/v2/nope")).toMatch(UUID); // 404
  });

  it("echoes a sane id from the client and replaces anything else", async () => {
    expect(await requestIdOf("/health", { "x-request-id": "trace-123_abc=" })).toBe("trace-123_abc=");
    expect(await requestIdOf("/health", { "x-request-id": "has spaces" })).toMatch(UUID);
    expect(await requestIdOf("/health", { "x-request-id": "x".repeat(256) })).toMatch(UUID);
  });
});

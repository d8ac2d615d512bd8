import { describe, expect, it } from "vitest";
import { request, useScenario } from "./helpers.js";

const t = useScenario("realistic");

describe("scenarios/realistic.yaml", () => {
  it("takes minutes, as the real service does: lipsync-2 on a 10 s clip is done after 5 s + 10 s + 40 s", async () => {
    const { client, key } = t.sdk();
    const created = await client.generations.create(request());
    const status = async () => (await client.generations.get(created.id)).status;
    await t.mock.admin.advance(4_999, key);
    expect(await status()).toBe("PENDING");
    await t.mock.admin.advance(1, key);
    expect(await status()).toBe("PROCESSING");
    await t.mock.admin.advance(49_999, key);
    expect(await status()).toBe("PROCESSING");
    await t.mock.admin.advance(1, key);
    expect(await status()).toBe("COMPLETED");
  });

  it("makes sync-3 much slower than lipsync-1.9.0-beta", async () => {
    const { client, key } = t.sdk();
    const slow = await client.generations.create(request(undefined, "sync-3"));
    const fast = await client.generations.create(request(undefined, "lipsync-1.9.0-beta"));
    await t.mock.admin.advance(60_000, key);
    expect((await client.generations.get(fast.id)).status).toBe("COMPLETED");
    expect((await client.generations.get(slow.id)).status).toBe("PROCESSING");
    await t.mock.admin.advance(210_000, key); // 5 s + 10 s + 25 s × 10 = 265 s in all
    expect((await client.generations.get(slow.id)).status).toBe("COMPLETED");
  });
});

import { describe, expect, it } from "vitest";
import { request, useScenario } from "./helpers.js";

const t = useScenario("default");

describe("scenarios/default.yaml", () => {
  it("completes a generation 1.25 s after it is created", async () => {
    const { client, key } = t.sdk();
    const created = await client.generations.create(request());
    await t.mock.admin.advance(1_249, key);
    expect((await client.generations.get(created.id)).status).toBe("PROCESSING");
    await t.mock.admin.advance(1, key);
    expect((await client.generations.get(created.id)).status).toBe("COMPLETED");
  });

  it.each([
    ["free", 1],
    ["creator", 3],
  ])("gives %s_ keys their plan's concurrency (%i)", async (plan, limit) => {
    const { client } = t.sdk(plan);
    for (let i = 0; i < limit; i++) await client.generations.create(request(), { maxRetries: 0 });
    await expect(client.generations.create(request(), { maxRetries: 0 })).rejects.toMatchObject({ statusCode: 429 });
  });

  it("refuses invalid_ keys with the bare 401", async () => {
    const { SyncClient, Sync } = await import("@sync.so/sdk");
    const error = await new SyncClient({ baseUrl: t.mock.baseUrl, apiKey: "invalid_me" }).models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Sync.UnauthorizedError);
  });
});

import { SyncError } from "@sync.so/sdk";
import { describe, expect, it } from "vitest";
import { client as http } from "../helpers/http.js";
import { request, useScenario } from "./helpers.js";

const t = useScenario("rate-limited", { clock: "manual" });

describe("scenarios/rate-limited.yaml", () => {
  it("allows 600 reads a minute per key, then answers 429 rate_limit_exceeded with Retry-After", async () => {
    const { client, key } = t.sdk();
    for (let i = 0; i < 600; i++) await client.models.list({ maxRetries: 0 });
    const error = await client.models.list({ maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).statusCode).toBe(429);
    expect((error as SyncError).body).toMatchObject({ statusCode: 429, errorCode: "rate_limit_exceeded", message: "Rate limit exceeded. Please try again later.", error: "Too Many Requests" });
    const answer = await http(t.mock.baseUrl).get("/v2/models", { key });
    expect(answer.headers.get("retry-after")).toBe("60");
    // Another key has its own budget, and the window refills as the key's clock moves on.
    await t.sdk().client.models.list({ maxRetries: 0 });
    await t.mock.admin.advance(60_000, key);
    await client.models.list({ maxRetries: 0 });
  });

  it("allows 100 creates a minute per key", async () => {
    const { client, key } = t.sdk("enterprise");
    for (let i = 0; i < 100; i++) {
      await client.generations.create(request(), { maxRetries: 0 });
      if (i % 40 === 39) await t.mock.admin.advance(2_000, key); // let generations finish: only the rate should limit
    }
    const error = await client.generations.create(request(), { maxRetries: 0 }).catch((e: unknown) => e);
    expect((error as SyncError).statusCode).toBe(429);
    expect((error as SyncError).body).toMatchObject({ errorCode: "rate_limit_exceeded" });
  });
});

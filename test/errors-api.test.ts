import { describe, expect, it } from "vitest";
import { FAILURE_MESSAGES } from "../src/domain/outcome.js";
import { ERRORS } from "../src/http/errors.js";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const t = useSyncMock({ clock: "manual" });

describe("GET /v2/errors", () => {
  it("answers the catalogue without an API key: code, message and suggestion, each code once", async () => {
    const { status, body } = await t.api.get("/v2/errors");
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(10);
    for (const entry of body) {
      expect(Object.keys(entry)).toEqual(["code", "message", "suggestion"]);
      expect(entry.message.length).toBeGreaterThan(0);
      expect(entry.suggestion.length).toBeGreaterThan(0);
    }
    expect(new Set(body.map((e: { code: string }) => e.code)).size).toBe(body.length);
  });

  it("lists every errorCode an error answer can carry and every failure code a generation can end with", async () => {
    const { body } = await t.api.get("/v2/errors");
    const codes = new Set(body.map((e: { code: string }) => e.code));
    const answered = Object.values(ERRORS).flatMap((spec) => ("errorCode" in spec ? [spec.errorCode] : []));
    for (const code of [...answered, ...Object.keys(FAILURE_MESSAGES)]) expect(codes, code).toContain(code);
    for (const [code, message] of Object.entries(FAILURE_MESSAGES)) {
      expect(body.find((e: { code: string }) => e.code === code).message).toBe(message);
    }
  });

  it("holds the code of a real error answer and of a real FAILED generation", async () => {
    const key = t.mock.apiKey();
    const { body: catalogue } = await t.api.get("/v2/errors");
    const codes = new Set(catalogue.map((e: { code: string }) => e.code));
    const missing = await t.api.get("/v2/generate/6533643b-aceb-4c40-967e-d9ba9baac39e", { key });
    expect(codes).toContain(missing.body.errorCode);
    const { body: job } = await t.api.post("/v2/generate", {
      key,
      json: generationBody({ input: [{ type: "video", url: "https://cdn.test/unreachable.mp4" }, { type: "audio", url: "https://cdn.test/a.wav" }] }),
    });
    await t.mock.admin.advance(60_000, key);
    const { body: failed } = await t.api.get(`/v2/generate/${job.id}`, { key });
    expect(failed.status).toBe("FAILED");
    expect(codes).toContain(failed.errorCode);
  });
});

describe("GET /v2/organizations/webhook/secret", () => {
  it("answers the secret the server signs webhooks with", async () => {
    const { status, body } = await t.api.get("/v2/organizations/webhook/secret", { key: t.mock.apiKey() });
    expect(status).toBe(200);
    expect(body).toEqual({ secret: "whsec_sync_mock_test_secret" });
  });

  it("answers 401 without a key", async () => {
    const { status, body } = await t.api.get("/v2/organizations/webhook/secret");
    expect(status).toBe(401);
    expect(body.message).toBe("Either Cookie or x-api-key header must be provided");
  });
});

describe("GET /v2/organizations/webhook/secret with a key's own secret", () => {
  const own = useSyncMock({ clock: "manual", scenario: 'keys:\n  - { match: "own_*", webhookSecret: whsec_own }\n' });

  it("answers the key's own secret from the scenario, and the server's to other keys", async () => {
    expect((await own.api.get("/v2/organizations/webhook/secret", { key: "own_1" })).body).toEqual({ secret: "whsec_own" });
    expect((await own.api.get("/v2/organizations/webhook/secret", { key: own.mock.apiKey() })).body).toEqual({ secret: "whsec_sync_mock_test_secret" });
  });
});

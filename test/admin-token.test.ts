/**
 * --admin-token: every /__mock route needs it (header, Bearer or cookie) and answers 401 without it; /v2,
 * /health and the documents of the API are untouched.
 */
import { describe, expect, it } from "vitest";
import { generationBody } from "./helpers/http.js";
import { useSyncMock } from "./helpers/mock.js";

const TOKEN = "s3cret-admin-token";
const t = useSyncMock({ clock: "manual", adminToken: TOKEN });

describe("--admin-token", () => {
  it("answers 401 in Sync's error shape to admin routes without the token or with a wrong one", async () => {
    const attempts: Array<Record<string, string>> = [{}, { "x-mock-admin-token": "guess" }, { authorization: `Bearer ${TOKEN}x` }, { cookie: "sync_mock_admin=nope" }];
    for (const headers of attempts) {
      for (const [method, path] of [["GET", "/__mock/health"], ["POST", "/__mock/reset"], ["GET", "/__mock/openapi.json"], ["GET", "/__mock/nowhere"]] as const) {
        const { status, body } = await t.api.request(method, path, { headers, unchecked: true });
        expect(status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(body).toMatchObject({ statusCode: 401, error: "Unauthorized" });
        expect(body.message).toMatch(/x-mock-admin-token/);
      }
    }
  });

  it("lets the token in as the x-mock-admin-token header, as a Bearer token, or as the sync_mock_admin cookie", async () => {
    const accepted: Array<Record<string, string>> = [{ "x-mock-admin-token": TOKEN }, { authorization: `Bearer ${TOKEN}` }, { cookie: `theme=dark; sync_mock_admin=${encodeURIComponent(TOKEN)}` }];
    for (const headers of accepted) {
      const { status, body } = await t.api.get("/__mock/health", { headers, unchecked: true });
      expect(status, JSON.stringify(headers)).toBe(200);
      expect(body.status).toBe("ok");
    }
  });

  it("leaves /v2, /health and /openapi.json as they were, and the testing client sends the token itself", async () => {
    const key = t.mock.apiKey();
    const created = await t.api.post("/v2/generate", { key, json: generationBody() });
    expect(created.status).toBe(201);
    expect((await t.api.get("/health", { unchecked: true })).status).toBe(200);
    expect((await t.api.get("/openapi.json", { unchecked: true })).status).toBe(200);
    await t.mock.admin.advance(60_000, key);
    expect((await t.api.get(`/v2/generate/${created.body.id}`, { key })).body.status).toBe("COMPLETED");
  });

  it("gives a browser asking for the inspector a login form, which sets the cookie with the right token only", async () => {
    const page = await fetch(`${t.mock.baseUrl}/__mock/ui`, { headers: { accept: "text/html" } });
    expect([page.status, page.headers.get("content-type")]).toEqual([401, "text/html; charset=UTF-8"]);
    expect(await page.text()).toContain('action="/__mock/ui/login"');
    const login = (token: string) =>
      fetch(`${t.mock.baseUrl}/__mock/ui/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ token }) });
    const wrong = await login("guess");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    expect(await wrong.text()).toContain("not the admin token");
    const right = await login(TOKEN);
    expect([right.status, right.headers.get("location")]).toEqual([303, "/__mock/ui"]);
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^sync_mock_admin=.+; Path=\/__mock; HttpOnly; SameSite=Strict$/);
    const opened = await fetch(`${t.mock.baseUrl}/__mock/ui`, { headers: { accept: "text/html", cookie: cookie.split(";")[0]! } });
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("/__mock/ui/assets/inspector.js");
  });

  it("keeps the inspector's assets and events behind the token too", async () => {
    for (const path of ["/__mock/ui/assets/inspector.js", "/__mock/events", "/__mock/jobs"]) {
      expect((await fetch(`${t.mock.baseUrl}${path}`)).status, path).toBe(401);
    }
  });
});

import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDeps, type AppDeps } from "../src/deps.js";

let deps: AppDeps | undefined;
afterEach(() => deps?.close());

describe("an unexpected exception", () => {
  it("answers 500 internal_error with a requestId, logs it, and the app keeps serving", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    deps = createDeps({ clock: "manual", logger: pino({ level: "error" }, sink) });
    const app = createApp(deps);
    const resolve = deps.tenants.resolve.bind(deps.tenants);
    deps.tenants.resolve = (key) => {
      if (key === "explode") throw new Error("boom");
      return resolve(key);
    };

    const response = await app.request("/v2/generations", { headers: { "x-api-key": "explode" } });
    expect(response.status).toBe(500);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 500, errorCode: "internal_error", error: "Internal Server Error", message: "Internal server error" });
    expect(body.requestId).toEqual(expect.any(String));
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
    expect(lines.join("")).toContain(String(body.requestId));
    expect(lines.join("")).toContain("boom");

    const after = await app.request("/v2/generations", { headers: { "x-api-key": "fine" } });
    expect(after.status).toBe(200);
  });
});

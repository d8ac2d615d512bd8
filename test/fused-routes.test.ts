/**
 * Routes whose handlers are all steps (the request scope, the key check, the handler) run as one handler
 * (src/http/steps.ts, fusing-router.ts): a plain poll is answered in the same call, and whatever such a route
 * refuses or throws is answered, logged and journalled exactly as on any other route.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createDeps, type AppDeps } from "../src/deps.js";
import { generationBody } from "./helpers/http.js";

const KEY = "scale_fused";
const UNKNOWN_ID = "6533643b-aceb-4c40-967e-d9ba9baac39e";

let deps: AppDeps | undefined;
afterEach(() => deps?.close());

/** An app over fresh services, with its log lines (at `info`) collected. */
function fusedApp() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  deps = createDeps({ clock: "manual", logger: pino({ level: "info" }, sink) });
  return { app: createApp(deps), deps, lines };
}

async function createGeneration(app: ReturnType<typeof createApp>): Promise<string> {
  const response = await app.request("/v2/generate", { method: "POST", headers: { "x-api-key": KEY, "content-type": "application/json" }, body: JSON.stringify(generationBody()) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe("routes run as one step chain", () => {
  it("answers a poll in the same call, without a promise", async () => {
    const { app } = fusedApp();
    const id = await createGeneration(app);
    const answer = app.fetch(new Request(`http://localhost/v2/generate/${id}`, { headers: { "x-api-key": KEY } }));
    expect(answer).toBeInstanceOf(Response);
    const response = answer as Response;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe(id);
    expect(response.headers.get("x-request-id")).toEqual(expect.any(String));
  });

  it("still answers a long poll once the job ends", async () => {
    const { app, deps } = fusedApp();
    const id = await createGeneration(app);
    const answer = app.fetch(new Request(`http://localhost/v2/generate/${id}?wait=true&timeout=10`, { headers: { "x-api-key": KEY } }));
    expect(answer).toBeInstanceOf(Promise);
    await deps.time.advanceAll(600_000);
    await deps.scheduler.runDue();
    const response = await answer;
    expect(response.headers.get("x-sync-wait-mode")).toBe("long_poll");
    expect(((await response.json()) as { status: string }).status).toBe("COMPLETED");
  });

  it.each([
    ["without a key", {}, 401, null],
    ["with an id that is not a UUID", { "x-api-key": KEY }, 400, KEY],
    ["with an unknown id", { "x-api-key": KEY }, 404, KEY],
  ] as const)("logs and journals a poll refused %s with its status", async (name, headers, status, tenant) => {
    const { app, deps, lines } = fusedApp();
    const path = `/v2/generate/${name.includes("UUID") ? "not-a-uuid" : UNKNOWN_ID}`;
    const response = await app.request(path, { headers });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { statusCode: number; requestId: string };
    expect(body.statusCode).toBe(status);
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
    expect(lines.find((line) => line.requestId === body.requestId)).toMatchObject({ msg: "request", path, status });
    const [entry] = deps.journal.list(tenant ?? undefined).filter((e) => e.requestId === body.requestId);
    expect(entry).toMatchObject({ method: "GET", path, status, tenant });
  });

  it("logs and journals a create refused after its body is read (400) with its status", async () => {
    const { app, deps, lines } = fusedApp();
    const response = await app.request("/v2/generate", { method: "POST", headers: { "x-api-key": KEY, "content-type": "application/json" }, body: "{" });
    expect(response.status).toBe(400);
    const { requestId } = (await response.json()) as { requestId: string };
    expect(lines.find((line) => line.requestId === requestId)).toMatchObject({ path: "/v2/generate", status: 400 });
    expect(deps.journal.list(KEY)[0]).toMatchObject({ requestId, status: 400, body: null });
  });

  it.each([
    ["a poll", "GET", `/v2/generate/${UNKNOWN_ID}`],
    ["a create", "POST", "/v2/generate"],
  ])("answers an unexpected exception in %s as a logged and journalled 500", async (_name, method, path) => {
    const { app, deps, lines } = fusedApp();
    deps.tenants.resolve = () => {
      throw new Error("boom");
    };
    const response = await app.request(path, { method, headers: { "x-api-key": KEY, "content-type": "application/json" }, ...(method === "POST" ? { body: "{}" } : {}) });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { errorCode: string; requestId: string };
    expect(body.errorCode).toBe("internal_error");
    expect(lines.find((line) => line.msg === "unexpected error")).toMatchObject({ requestId: body.requestId, err: { message: "boom" } });
    expect(lines.find((line) => line.msg === "request" && line.requestId === body.requestId)).toMatchObject({ status: 500 });
    expect(deps.journal.list()[0]).toMatchObject({ requestId: body.requestId, status: 500 });
  });
});

/**
 * The bad-input catalogue's harness: a mock on a free loopback port whose error log is captured, tables of
 * hostile requests sent over raw sockets, and the checks every refusal must pass (the expected status, the
 * error shape with the answer's request id, and the OpenAPI document where the route is documented), plus
 * the closing check that the mock is still healthy.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server.js";
import { generationBody } from "./http.js";
import { responseProblems } from "./openapi.js";
import { httpRequest, rawRequest, type RawAnswer, type RawRequest } from "./raw-http.js";

/** One hostile request and the refusal it must get. */
export interface HostileCase<F> {
  readonly name: string;
  /** The bytes; a function of the file's fixtures when it needs ids or tokens. */
  readonly request?: Buffer | string | ((fixtures: F) => Buffer | string);
  /** Or a body written piece by piece (it should stop once `answered()`), and what it asks for. */
  readonly stream?: { readonly method: string; readonly path: string; readonly write: Extract<RawRequest, Function> };
  readonly status: number;
  /** A part of `message` (or of one of its lines). */
  readonly message?: string | RegExp;
  readonly errorCode?: string;
  /** Refused by Node's HTTP parser before any route: no OpenAPI operation to check against. */
  readonly transport?: boolean;
}

/** The running mock of one catalogue file. */
export interface HostileMock<F> {
  readonly server: RunningServer;
  readonly port: number;
  /** A Scale key of its own for this file. */
  readonly key: string;
  readonly fixtures: F;
  /** Log lines at warn level and above. */
  readonly logs: string[];
}

/** Starts a manual-clock mock for the file; `prepare` creates the fixtures the cases need. */
export function useHostileMock<F = undefined>(prepare?: (mock: Omit<HostileMock<F>, "fixtures">) => Promise<F>): HostileMock<F> {
  const context = { logs: [] as string[], key: `scale_${randomUUID()}` } as { -readonly [K in keyof HostileMock<F>]: HostileMock<F>[K] };
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        context.logs.push(String(chunk));
        done();
      },
    });
    context.server = await startServer({ clock: "manual", logger: pino({ level: "warn" }, sink) });
    context.port = context.server.port;
    context.fixtures = (prepare ? await prepare(context) : undefined) as F;
  });
  afterAll(() => context.server?.close());
  return context;
}

/** Sends a request built by {@link httpRequest} with the file's key, over a raw socket. */
export function send(mock: HostileMock<unknown>, request: RawRequest): Promise<RawAnswer> {
  return rawRequest(mock.port, request);
}

/** Checks that `answer` is the refusal `c` expects, in Sync's error shape. */
export function expectRefusal(answer: RawAnswer, c: HostileCase<unknown>, method: string, path: string): void {
  const label = `${c.name}: ${answer.status} ${answer.body.toString("utf8").slice(0, 300)}`;
  expect(answer.status, label).toBe(c.status);
  expect(answer.headers["content-type"], label).toMatch(/^application\/json/);
  const body = answer.json as Record<string, unknown>;
  expect(body.statusCode, label).toBe(c.status);
  const message = body.message;
  expect(typeof message === "string" || (Array.isArray(message) && message.every((m) => typeof m === "string")), label).toBe(true);
  if ("error" in body) expect(typeof body.error, label).toBe("string");
  if ("errorCode" in body) expect(typeof body.errorCode, label).toBe("string");
  expect(body.requestId, label).toBe(answer.headers["x-request-id"]);
  if (c.errorCode) expect(body.errorCode, label).toBe(c.errorCode);
  if (c.message) {
    const lines = Array.isArray(message) ? message : [message];
    const matches = (line: unknown) => (typeof c.message === "string" ? String(line).includes(c.message) : c.message!.test(String(line)));
    expect(lines.some(matches), label).toBe(true);
  }
  if (!c.transport) {
    const problems = responseProblems(method, `http://127.0.0.1${path}`, answer.status, answer.headers["content-type"] ?? null, body);
    // A route the document does not have (a 404 "Cannot GET …") has no operation to check against.
    const noOperation = problems.length === 1 && / is not in /.test(problems[0]!) && answer.status === 404;
    if (!noOperation) expect(problems, label).toEqual([]);
  }
}

/** Method and path of a request's bytes (for the document check). */
export function requestLine(bytes: Buffer | string): { method: string; path: string } {
  const line = (typeof bytes === "string" ? bytes : bytes.subarray(0, 2048).toString("latin1")).split("\r\n")[0] ?? "";
  const [method = "", target = ""] = line.split(" ");
  return { method, path: target.replace(/^https?:\/\/[^/]+/, "").split("?")[0]! };
}

/** Declares one test per case. */
export function refuses<F>(mock: HostileMock<F>, cases: ReadonlyArray<HostileCase<F>>): void {
  it.each(cases.map((c) => [c.name, c] as const))("refuses %s", async (_name, c) => {
    if (c.stream) {
      const answer = await send(mock as HostileMock<unknown>, c.stream.write);
      expectRefusal(answer, c as HostileCase<unknown>, c.stream.method, c.stream.path);
      return;
    }
    const bytes = typeof c.request === "function" ? c.request(mock.fixtures) : c.request!;
    const { method, path } = requestLine(bytes);
    expectRefusal(await send(mock as HostileMock<unknown>, bytes), c as HostileCase<unknown>, method, path);
  });
}

/** The closing test of a catalogue file: the mock answers, creates, and logged no unexpected error. */
export function staysHealthy(mock: HostileMock<unknown>): void {
  it("is still healthy afterwards: /health answers, a normal create works, nothing was logged as an error", async () => {
    const health = await send(mock, httpRequest("GET", "/health"));
    expect(health.json).toEqual({ status: "ok" });
    const created = await send(
      mock,
      httpRequest("POST", "/v2/generate", { "x-api-key": `scale_${randomUUID()}`, "content-type": "application/json" }, JSON.stringify(generationBody())),
    );
    expect(created.status).toBe(201);
    expect(created.json.status).toBe("PENDING");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(mock.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
}

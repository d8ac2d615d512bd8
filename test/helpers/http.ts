/**
 * A small HTTP client for tests: one call per request, the body parsed, and every answer checked against the
 * OpenAPI documents (so every HTTP test is also a contract test).
 */
import { expect } from "vitest";
import { responseProblems } from "./openapi.js";

/** One answer. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** What to send. */
export interface Call {
  key?: string | undefined;
  json?: unknown;
  body?: RequestInit["body"];
  headers?: Record<string, string>;
  /** Skip the OpenAPI check (for deliberately odd requests whose answers are checked by hand). */
  unchecked?: boolean;
  /** Keep `requestId` in error bodies (by default it is checked against X-Request-Id and removed). */
  keepRequestId?: boolean;
}

/** Sends a request to the mock at `baseUrl` and returns the parsed answer. */
export async function call<T = any>(baseUrl: string, method: string, path: string, options: Call = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers["x-api-key"] = options.key;
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.json);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body, duplex: "half" } : {}) } as RequestInit);
  const contentType = response.headers.get("content-type");
  const raw = await response.arrayBuffer();
  const text = Buffer.from(raw).toString("utf8");
  // JSON and +json bodies are parsed; JSON Lines (application/x-ndjson) stay bytes, like any other file.
  const isJson = /^application\/([\w.-]+\+)?json\b/i.test(contentType ?? "");
  const parsed = isJson && text ? JSON.parse(text) : contentType?.startsWith("text/") ? text : Buffer.from(raw);
  if (!options.unchecked) {
    expect(responseProblems(method, `${baseUrl}${path}`, response.status, contentType, parsed), `${method} ${path}`).toEqual([]);
  }
  // Every error body carries the answer's request id; checked here once, then left out so tests can compare
  // bodies exactly without it.
  if (response.status >= 400 && parsed && typeof parsed === "object" && !Buffer.isBuffer(parsed) && !options.keepRequestId) {
    const { requestId, ...rest } = parsed as Record<string, unknown>;
    expect(requestId, `${method} ${path}: requestId of the error body`).toBe(response.headers.get("x-request-id"));
    return { status: response.status, headers: response.headers, body: rest as T };
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** A client bound to one mock. */
export function client(baseUrl: string) {
  return {
    get: <T = any>(path: string, options?: Call) => call<T>(baseUrl, "GET", path, options),
    post: <T = any>(path: string, options?: Call) => call<T>(baseUrl, "POST", path, options),
    request: <T = any>(method: string, path: string, options?: Call) => call<T>(baseUrl, method, path, options),
  };
}

/** A valid create-generation body. */
export function generationBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://cdn.test/talk.mp4" },
      { type: "audio", url: "https://cdn.test/voice.wav" },
    ],
    ...overrides,
  };
}

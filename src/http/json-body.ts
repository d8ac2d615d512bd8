/**
 * Reading JSON request bodies as the real (NestJS) API does: a body that is not `application/json` counts as
 * empty, malformed JSON is a 400, and a body over the limit is a 413 found while reading, whether or not
 * Content-Length was sent.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env.js";
import { apiError, validationError } from "./errors.js";
import { nestsDeeperThan, tooDeepProblem } from "./json-depth.js";
import { requestHeader } from "./request-header.js";
import { parseOr400 } from "./validation.js";

/** Whether a Content-Type is JSON (`application/json`, `application/*+json`, any parameters). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(contentType.trim());
}

/**
 * Reads Node's request stream directly. Going through `c.req.raw.body` builds a full web Request and a
 * ReadableStream over the same stream, which was a fifth of the CPU of a JSON create. Past `maxBytes` the rest
 * is drained unread, so the 413 still goes out on the same connection.
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      incoming.off("data", onData);
      incoming.resume();
      reject(apiError("payload_too_large"));
    };
    incoming.on("data", onData);
    // A body of one chunk (most: it came in one packet) is decoded as it is, without a copy into a new Buffer.
    incoming.once("end", () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8")));
    incoming.once("error", reject);
    incoming.once("close", () => {
      if (!incoming.complete) reject(new Error("the client closed the connection before the body was complete"));
    });
  });
}

/** Reads at most `maxBytes` of the body as text; 413 beyond that. */
export async function readLimited(c: Context<AppEnv>, maxBytes: number): Promise<string> {
  const declared = Number(requestHeader(c, "content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw apiError("payload_too_large");
  const incoming = c.env?.incoming;
  if (incoming) return readIncoming(incoming, maxBytes);
  // Without Node bindings (app.request() in tests): the web stream.
  const body = c.req.raw.body;
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw apiError("payload_too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The parsed JSON body (`{}` when the request carries no JSON). */
export async function readJson(c: Context<AppEnv>, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(requestHeader(c, "content-type"))) {
    // NestJS only parses JSON bodies; any other content type reaches the DTO checks as an empty body.
    return {};
  }
  const text = await readLimited(c, maxBytes);
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw apiError("malformed_json", (e as Error).message);
  }
  if (nestsDeeperThan(parsed)) throw validationError([tooDeepProblem("body")]);
  // The text, not the parsed value: the journal keeps its last thousand bodies, and one string is cheaper to
  // keep than the objects of a parsed body (it parses it again when read).
  c.set("journalJson", text);
  return parsed;
}

/** Reads and validates a JSON body against `schema`; every problem goes into one 400. */
export async function readValidJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S, maxBytes: number): Promise<z.infer<S>> {
  return parseOr400(schema, await readJson(c, maxBytes));
}

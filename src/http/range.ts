/**
 * Serving files with HTTP Range support (one range per request, which is what players and download tools ask
 * for). Used for result videos and uploaded assets.
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { Context } from "hono";
import { apiError } from "./errors.js";

/** Bytes to serve: in memory, a file on disk of known size, or a stream of any range of a known size. */
export type ByteSource =
  | { readonly buffer: Buffer }
  | { readonly path: string; readonly size: number }
  | { readonly size: number; readonly read: (start: number, end: number) => Readable };

/** The inclusive byte range a Range header asks for, `undefined` for the whole file, `null` if unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | null {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined; // not a single byte range: ignore it (RFC 9110)
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

/** Answers with the bytes of `source` (or the requested range of them). HEAD gets the headers only. */
export function serveBytes(c: Context, source: ByteSource, contentType: string, extraHeaders: Record<string, string> = {}): Response {
  const size = "buffer" in source ? source.buffer.length : source.size;
  const range = parseRange(c.req.header("range"), size);
  if (range === null) {
    throw apiError("range_not_satisfiable", "", { headers: { "Content-Range": `bytes */${size}` } });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Accept-Ranges": "bytes",
    "Content-Length": String(size === 0 ? 0 : end - start + 1),
    ...extraHeaders,
  };
  if (range) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  const status = range ? 206 : 200;
  if (c.req.method === "HEAD" || size === 0) return new Response(null, { status, headers });
  const body =
    "buffer" in source
      ? source.buffer.subarray(start, end + 1)
      : (Readable.toWeb("path" in source ? createReadStream(source.path, { start, end }) : source.read(start, end)) as ReadableStream<Uint8Array>);
  return new Response(body, { status, headers });
}

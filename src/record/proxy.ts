/**
 * `sync-mock record`: a proxy in front of the real API that forwards every `/v2` request unchanged (the
 * caller's key included) and writes each exchange to a recording (see recording.ts). Bodies stream through in
 * both directions: the proxy keeps at most the first megabyte of each for the recording, so a 50 MB upload
 * costs it no more memory than a small one. Media and result files are never fetched: their URLs are in the
 * answers as the upstream gave them.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { statusBody } from "../http/errors.js";
import { uploadedBytes } from "../http/upload-gc.js";
import { exchangeLine, keyFingerprint, MAX_KEPT_BODY_BYTES, recordedBody, recordedHeaders } from "./recording.js";

/** What the proxy is told. */
export interface RecordOptions {
  /** The real API's base URL, e.g. https://api.sync.so. */
  readonly upstream: string;
  /** Directory the recording goes to (created if missing). */
  readonly outDir: string;
  readonly port?: number;
  readonly host?: string;
  /** Wall clock, for the exchanges' times (tests pass a fixed one). */
  readonly now?: () => number;
}

/** A running proxy. */
export interface RecordingProxy {
  readonly url: string;
  /** The recording's file. */
  readonly file: string;
  /** Exchanges written so far. */
  readonly exchanges: number;
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the request's; host names the upstream.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host"]);

/** Counts a body's bytes as it streams and keeps its first {@link MAX_KEPT_BODY_BYTES}. */
class BodyTap {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  total = 0;

  take(chunk: Buffer): void {
    this.total += chunk.length;
    // The socket buffers a body streams through are freed only at a young GC: the upload GC's counter asks
    // for one every 8 MB (see http/upload-gc.ts), which keeps a 50 MB upload's memory flat.
    uploadedBytes(chunk.length);
    if (this.#kept >= MAX_KEPT_BODY_BYTES) return;
    const part = chunk.subarray(0, MAX_KEPT_BODY_BYTES - this.#kept);
    this.#chunks.push(Buffer.from(part));
    this.#kept += part.length;
  }

  get kept(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(statusBody(status, message)));
}

/** Starts the proxy; every exchange is appended to `<outDir>/recording-<time>.jsonl`. */
export async function startRecordingProxy(options: RecordOptions): Promise<RecordingProxy> {
  const upstream = new URL(options.upstream);
  const now = options.now ?? Date.now;
  mkdirSync(options.outDir, { recursive: true });
  const file = join(options.outDir, `recording-${new Date(now()).toISOString().replaceAll(":", "-")}.jsonl`);
  const out: WriteStream = createWriteStream(file, { flags: "a" });
  let exchanges = 0;
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;

  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith("/v2/")) {
      // Deviation: the proxy records the API only; anything else is not forwarded.
      answer(res, 404, `sync-mock record forwards /v2 only, not ${url}`);
      return;
    }
    const started = performance.now();
    const at = new Date(now()).toISOString();
    const key = typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : undefined;
    const requestTap = new BodyTap();
    const target = new URL(url, upstream);
    const outgoing = send(target, { method: req.method, headers: { ...forwardedHeaders(req), host: target.host } }, (upstreamRes) => {
      const responseTap = new BodyTap();
      const headers = forwardedHeaders(upstreamRes as unknown as IncomingMessage);
      res.writeHead(upstreamRes.statusCode ?? 502, headers);
      upstreamRes.on("data", (chunk: Buffer) => responseTap.take(chunk));
      upstreamRes.pipe(res);
      upstreamRes.on("end", () => {
        const line = exchangeLine(
          {
            at,
            keyId: key ? keyFingerprint(key) : null,
            method: req.method ?? "GET",
            url,
            requestHeaders: recordedHeaders(req.headers),
            requestBody: recordedBody(req.headers["content-type"] ?? null, requestTap.kept, requestTap.total),
            status: upstreamRes.statusCode ?? 0,
            responseHeaders: recordedHeaders(upstreamRes.headers),
            responseBody: recordedBody(upstreamRes.headers["content-type"] ?? null, responseTap.kept, responseTap.total),
            durationMs: Math.round((performance.now() - started) * 10) / 10,
          },
          key,
        );
        out.write(line);
        exchanges++;
      });
    });
    outgoing.on("error", (error) => {
      if (!res.headersSent) answer(res, 502, `upstream ${upstream.origin} unreachable: ${error.message}`);
      else res.destroy(error);
    });
    req.on("data", (chunk: Buffer) => requestTap.take(chunk));
    req.on("aborted", () => outgoing.destroy());
    req.pipe(outgoing);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    file,
    get exchanges() {
      return exchanges;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => out.end(() => resolve()));
        server.closeAllConnections();
      }),
  };
}

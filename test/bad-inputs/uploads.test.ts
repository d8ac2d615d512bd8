/**
 * Bad-input catalogue, part 2: hostile multipart bodies on POST /v2/generate and hostile batch files and forms
 * on POST /v2/batch. Every request is refused with a 4xx in Sync's error shape, and the mock stays healthy.
 */
import { randomUUID } from "node:crypto";
import { describe } from "vitest";
import { batchLines, jsonl } from "../helpers/batch.js";
import { refuses, staysHealthy, useHostileMock, type HostileCase } from "../helpers/hostile.js";
import { httpRequest, writeAndDrain } from "../helpers/raw-http.js";

const mock = useHostileMock();
const BOUNDARY = "----sync-mock-hostile";

/** One form part: a text field, or a file when `filename` is given. */
function part(name: string, value: string | Buffer, filename?: string): Buffer {
  const disposition = `Content-Disposition: form-data; name="${name}"${filename === undefined ? "" : `; filename="${filename}"`}`;
  const type = filename === undefined ? "" : "\r\nContent-Type: application/octet-stream";
  return Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${disposition}${type}\r\n\r\n`), Buffer.from(value), Buffer.from("\r\n")]);
}

/** A multipart request to `path` with the file's key (`close: false` leaves out the closing boundary). */
function form(path: string, parts: Buffer[], options: { close?: boolean; key?: string; contentType?: string } = {}): Buffer {
  const body = Buffer.concat([...parts, Buffer.from(options.close === false ? "" : `--${BOUNDARY}--\r\n`)]);
  return httpRequest("POST", path, { "x-api-key": options.key ?? mock.key, "content-type": options.contentType ?? `multipart/form-data; boundary=${BOUNDARY}` }, body);
}

const generate = (parts: Buffer[], options?: Parameters<typeof form>[2]) => form("/v2/generate", [part("model", "lipsync-2"), ...parts], options);
const batch = (file: string | Buffer, fields: Buffer[] = []) => form("/v2/batch", [...fields, part("input", file, "batch.jsonl")]);
const validFile = jsonl(batchLines(20));
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Writes form fields until the server answers (or 5000 parts have gone out). */
function endlessParts(path: string) {
  return {
    method: "POST",
    path,
    write: async (socket: import("node:net").Socket, answered: () => boolean) => {
      const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-api-key: ${mock.key}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n`;
      await writeAndDrain(socket, head);
      for (let i = 0; i < 5000 && !answered(); i++) {
        const chunk = part(`field${i}`, "x");
        await writeAndDrain(socket, Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]));
      }
    },
  };
}

const generateCases: Array<HostileCase<undefined>> = [
  { name: "multipart without a boundary", request: () => generate([], { contentType: "multipart/form-data" }), status: 400, errorCode: "generation_input_validation_failed" },
  { name: "a boundary that the body never uses", request: () => httpRequest("POST", "/v2/generate", { "x-api-key": mock.key, "content-type": "multipart/form-data; boundary=nope" }, "just some bytes"), status: 400 },
  { name: "a form cut off before its closing boundary", request: () => generate([part("video", Buffer.alloc(1000, 1), "v.mp4")], { close: false }), status: 400, errorCode: "generation_input_validation_failed" },
  { name: "endless form fields", stream: endlessParts("/v2/generate"), status: 400, message: /Too many/ },
  { name: "ten file parts", request: () => generate(Array.from({ length: 10 }, (_, i) => part("video", "x", `v${i}.mp4`))), status: 400, message: /Too many files/ },
  { name: "a 2 MB text field", request: () => generate([part("webhookUrl", "x".repeat(2 * 1024 * 1024))]), status: 400, message: /too large/ },
  { name: "a file part with an unknown name", request: () => generate([part("evil", "x", "evil.sh"), part("audio", "x", "a.wav")]), status: 400, message: 'unexpected file part "evil"' },
  { name: "two video files", request: () => generate([part("video", "x", "a.mp4"), part("video", "y", "b.mp4"), part("audio", "z", "a.wav")]), status: 400, message: "only one video file" },
  { name: "a 21 MB video over the 20 MB limit", request: () => generate([part("video", Buffer.alloc(21 * 1024 * 1024, 7), "big.mp4")]), status: 413 },
  { name: "options that are not JSON", request: () => generate([part("video", "x", "v.mp4"), part("audio", "x", "a.wav"), part("options", "{sync_mode:")]), status: 400, message: "options must be valid JSON" },
  { name: "options nested 100 levels deep", request: () => generate([part("video", "x", "v.mp4"), part("audio", "x", "a.wav"), part("options", nested(100))]), status: 400, message: "more than 64 levels deep" },
  { name: "an input part holding a number", request: () => generate([part("video", "x", "v.mp4"), part("input", "42")]), status: 400 },
  { name: "a multipart/mixed body", request: () => generate([part("video", "x", "v.mp4")], { contentType: `multipart/mixed; boundary=${BOUNDARY}` }), status: 400, message: "model is required" },
];

const batchCases: Array<HostileCase<undefined>> = [
  { name: "a batch form without a file", request: () => form("/v2/batch", [part("dry_run", "true")]), status: 400, message: "input is required" },
  { name: "a batch file sent as a text field", request: () => form("/v2/batch", [part("input", validFile)]), status: 400, message: "must be a file part" },
  { name: "a batch file of invalid UTF-8", request: () => batch(Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + (i % 64)))), status: 400 },
  { name: "a batch file of 19 lines", request: () => batch(jsonl(batchLines(19))), status: 400, message: "at least 20 non-empty lines" },
  { name: "a batch file of 501 lines", request: () => batch(jsonl(batchLines(501))), status: 400, message: /500/ },
  { name: "a 6 MB batch file", request: () => batch(`${validFile}${" ".repeat(6 * 1024 * 1024)}\n`), status: 400, message: "5 MB" },
  { name: "a 12 MB batch file (cut off at the hard cap)", request: () => batch(Buffer.alloc(12 * 1024 * 1024, 0x20)), status: 400, message: "5 MB" },
  { name: "a number as request_id", request: () => batch(jsonl([...batchLines(19), { ...batchLines(1)[0], request_id: 7 }])), status: 400, message: "line 20: request_id must be a string" },
  { name: "a line nested 100 levels deep", request: () => batch(jsonl([...batchLines(19), `{"request_id":"deep","endpoint":"/v2/generate","payload":${nested(100)}}`])), status: 400, message: "line 20: must not nest" },
  { name: "a dot-dot endpoint", request: () => batch(jsonl([...batchLines(19), { ...batchLines(1)[0], request_id: "x", endpoint: "/v2/../v2/generate" }])), status: 400, message: "line 20: endpoint" },
  { name: "dry_run=maybe", request: () => batch(validFile, [part("dry_run", "maybe")]), status: 400, message: "dry_run" },
  { name: "a javascript: webhook_url", request: () => batch(validFile, [part("webhook_url", "javascript:alert(1)")]), status: 400, message: "webhook_url" },
  { name: "a file:// webhook_url", request: () => batch(validFile, [part("webhook_url", "file:///etc/passwd")]), status: 400, message: "webhook_url" },
  { name: "a JSON body that is neither a form nor rows", request: () => httpRequest("POST", "/v2/batch", { "x-api-key": mock.key, "content-type": "application/json" }, JSON.stringify({ input: batchLines(20) })), status: 400, message: "rows" },
  { name: "a text body instead of a form", request: () => httpRequest("POST", "/v2/batch", { "x-api-key": mock.key, "content-type": "text/plain" }, "request_id,endpoint"), status: 400, message: "multipart/form-data" },
  { name: "endless batch form fields", stream: endlessParts("/v2/batch"), status: 400, message: /Too many/ },
  { name: "a batch from a plan without the Batch API", request: () => form("/v2/batch", [part("input", validFile, "b.jsonl")], { key: `growth_${randomUUID()}` }), status: 402, errorCode: "plan_feature_unavailable" },
];

describe("hostile uploads", () => {
  refuses(mock, [...generateCases, ...batchCases]);
  staysHealthy(mock);
});

/**
 * Bad-input catalogue, part 3: hostile query strings, paths (traversal in result and file URLs), ranges and
 * HTTP framing that Node's parser refuses. Every request is refused with a 4xx in Sync's error shape, and the
 * mock stays healthy.
 */
import { readFileSync } from "node:fs";
import { describe } from "vitest";
import { batchForm, batchLines, jsonl } from "../helpers/batch.js";
import { generationBody } from "../helpers/http.js";
import { refuses, staysHealthy, useHostileMock, type HostileCase } from "../helpers/hostile.js";
import { httpRequest } from "../helpers/raw-http.js";

interface Fixtures {
  /** A generation still PENDING. */
  pendingId: string;
  /** Path (with `?token=`) of a completed generation's MP4. */
  resultPath: string;
  /** Path of an uploaded asset's bytes, and its token. */
  assetId: string;
  assetToken: string;
  /** Path of a finished batch's result file, and another batch's token. */
  batchResultPath: string;
  otherBatchToken: string;
}

const mock = useHostileMock<Fixtures>(async ({ server, key }) => {
  const base = server.url;
  const headers = { "x-api-key": key };
  const post = async (path: string, body: FormData | string, type?: string) =>
    (await fetch(`${base}${path}`, { method: "POST", headers: { ...headers, ...(type ? { "content-type": type } : {}) }, body })).json() as Promise<any>;
  const files = new FormData();
  files.append("model", "lipsync-2");
  files.append("video", new Blob([readFileSync(new URL("../fixtures/clip.mp4", import.meta.url))]), "clip.mp4");
  files.append("audio", new Blob([readFileSync(new URL("../fixtures/voice.wav", import.meta.url))]), "voice.wav");
  const done = await post("/v2/generate", files);
  const batchA = await post("/v2/batch", batchForm(jsonl(batchLines(20))));
  const batchB = await post("/v2/batch", batchForm(jsonl(batchLines(20))));
  await server.deps.time.advanceAll(10_000);
  await server.deps.scheduler.runDue();
  const pending = await post("/v2/generate", JSON.stringify(generationBody()), "application/json");
  const get = async (path: string) => (await fetch(`${base}${path}`, { headers })).json() as Promise<any>;
  const asset = (await get(`/v2/assets/${done.input[0].assetId}`)) as { id: string; url: string };
  const [a, b] = [await get(`/v2/batch/${batchA.id}`), await get(`/v2/batch/${batchB.id}`)];
  return {
    pendingId: pending.id,
    resultPath: new URL((await get(`/v2/generate/${done.id}`)).outputUrl).pathname + new URL((await get(`/v2/generate/${done.id}`)).outputUrl).search,
    assetId: asset.id,
    assetToken: new URL(asset.url).searchParams.get("token")!,
    batchResultPath: new URL(a.outputUrl).pathname,
    otherBatchToken: new URL(b.outputUrl).searchParams.get("token")!,
  };
});

const get = (path: string, headers: Record<string, string> = {}) => httpRequest("GET", path, { "x-api-key": mock.key, ...headers });
const UUID = "6533643b-aceb-4c40-967e-d9ba9baac39e";
const raw = (text: string) => Buffer.from(text, "latin1");

const queryCases: Array<HostileCase<Fixtures>> = [
  { name: "limit=-1", request: () => get("/v2/generations?limit=-1"), status: 400, message: "limit" },
  { name: "limit=1e400 (infinite)", request: () => get("/v2/generations?limit=1e400"), status: 400, message: "limit" },
  { name: "limit=9007199254740993", request: () => get("/v2/generations?limit=9007199254740993"), status: 400, message: "limit" },
  { name: "limit=abc", request: () => get("/v2/assets?limit=abc"), status: 400, message: "limit" },
  { name: "an unknown status", request: () => get("/v2/generations?status=DONE"), status: 400, message: "status must be one of" },
  { name: "a status with broken percent-encoding", request: () => get("/v2/generations?status=%E0%A4%A"), status: 400 },
  { name: "ids as broken JSON", request: () => get(`/v2/generations?ids=${encodeURIComponent('["a"')}`), status: 400 },
  { name: "status as a JSON array of numbers", request: () => get(`/v2/batch?status=${encodeURIComponent("[1,2]")}`), status: 400 },
  { name: "a long-poll timeout of 0", request: (f) => get(`/v2/generate/${f.pendingId}?wait=true&timeout=0`), status: 400, message: "timeout" },
  { name: "a long-poll timeout of 11", request: (f) => get(`/v2/generate/${f.pendingId}?wait=true&timeout=11`), status: 400, message: "timeout" },
  { name: "wait=yes", request: (f) => get(`/v2/generate/${f.pendingId}?wait=yes`), status: 400, message: "wait" },
  { name: "wait=true with include=progress", request: (f) => get(`/v2/generate/${f.pendingId}?wait=true&include=progress`), status: 400, message: "cannot be combined" },
  { name: "a cursor without limit", request: () => get(`/v2/generations?cursor=${UUID}`), status: 400, message: "cursor requires limit" },
  { name: "an asset cursor that was never handed out", request: () => get("/v2/assets?cursor=eyJvIjotMX0"), status: 400, message: "cursor" },
  { name: "sortBy=__proto__", request: () => get("/v2/assets?sortBy=__proto__"), status: 400, message: "sortBy" },
  { name: "types=GIF", request: () => get("/v2/assets?types=GIF"), status: 400, message: "types" },
  { name: "created_after on February 30th", request: () => get("/v2/batch?created_after=2024-02-30"), status: 400, message: "created_after" },
  { name: "an empty created_before", request: () => get("/v2/batch?created_before="), status: 400, message: "created_before" },
];

const pathCases: Array<HostileCase<Fixtures>> = [
  { name: "a generation id that is a NUL byte", request: () => get("/v2/generate/%00"), status: 400, errorCode: "invalid_generation_id" },
  { name: "a generation id with broken percent-encoding", request: () => get("/v2/generate/%E0%A4%A"), status: 400, errorCode: "invalid_generation_id" },
  { name: "a generation id of 10 000 characters", request: () => get(`/v2/generate/${"a".repeat(10_000)}`), status: 400, errorCode: "invalid_generation_id" },
  { name: "a raw ../ path", request: () => get("/v2/../../etc/passwd"), status: 404, message: "Cannot GET" },
  { name: "an encoded ../ in a generation's result path", request: () => get("/v2/generations/..%2F..%2Fetc%2Fpasswd/result?token=x"), status: 404 },
  { name: "a ../ token on a real result", request: (f) => get(`${f.resultPath.split("?")[0]}?token=..%2F..%2Fetc%2Fpasswd`), status: 404 },
  { name: "a result without its token", request: (f) => get(f.resultPath.split("?")[0]!), status: 404 },
  { name: "a result with its token given twice", request: (f) => get(`${f.resultPath}&${f.resultPath.split("?")[1]}`), status: 400, message: "token must be a string" },
  { name: "an asset file with its token given twice", request: (f) => get(`/v2/assets/${f.assetId}/file/x?token=${f.assetToken}&token=${f.assetToken}`), status: 400, message: "token" },
  { name: "a batch result with two tokens", request: (f) => get(`${f.batchResultPath}?token=a&token=b`), status: 400, message: "token" },
  { name: "a batch result with another batch's token", request: (f) => get(`${f.batchResultPath}?token=${f.otherBatchToken}`), status: 404 },
  { name: "an asset file with a wrong token", request: (f) => get(`/v2/assets/${f.assetId}/file/clip.mp4?token=${UUID}`), status: 404 },
  { name: "an encoded ../ in the docs' asset path", request: () => get("/docs/assets/..%2F..%2Fpackage.json"), status: 404 },
  { name: "a dot-dot docs asset", request: () => get("/docs/assets/%2e%2e%2fpackage.json"), status: 404 },
  { name: "a range past the end of the video", request: (f) => get(f.resultPath, { Range: "bytes=999999999-" }), status: 416 },
  { name: "an empty suffix range", request: (f) => get(f.resultPath, { Range: "bytes=-0" }), status: 416 },
  { name: "an unknown method on a known path", request: () => httpRequest("PROPFIND", "/v2/generate", { "x-api-key": mock.key }), status: 404, message: "Cannot PROPFIND /v2/generate" },
  { name: "TRACE with a body", request: () => httpRequest("TRACE", "/v2/models", { "x-api-key": mock.key }, "hello"), status: 404 },
  { name: "a generation of another key", request: (f) => httpRequest("GET", `/v2/generate/${f.pendingId}`, { "x-api-key": "scale_someone_else" }), status: 404, errorCode: "generation_not_found" },
];

// Refused by Node's HTTP parser before any route runs (answered by src/http/client-error.ts).
const transportCases: Array<HostileCase<Fixtures>> = [
  { name: "a 20 KB header", request: () => get("/v2/models", { "X-Big": "a".repeat(20_000) }), status: 431, transport: true },
  { name: "a header value with a control character", request: () => raw(`GET /v2/models HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n`), status: 400, transport: true },
  { name: "a header name with a space", request: () => raw("GET /v2/models HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n"), status: 400, transport: true },
  { name: "a garbled request line", request: () => raw("GARBAGE\r\n\r\n"), status: 400, transport: true },
  { name: "Content-Length together with Transfer-Encoding", request: () => raw(`POST /v2/generate HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`), status: 400, transport: true },
  {
    name: "a chunk size that is not hex",
    request: () => raw(`POST /v2/generate HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${mock.key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`),
    status: 400,
    transport: true,
  },
  // The 401 is answered before the parser reaches the body; it still reaches the client, then the connection closes.
  { name: "a keyless POST whose chunk size is not hex", request: () => raw(`POST /v2/generate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n`), status: 401, transport: true },
  { name: "two different Content-Lengths", request: () => raw(`POST /v2/generate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`), status: 400, transport: true },
  { name: "a request line with a bare LF inside the URL", request: () => raw("GET /v2/mo\ndels HTTP/1.1\r\nHost: x\r\n\r\n"), status: 400, transport: true },
];

describe("hostile requests", () => {
  refuses(mock, [...queryCases, ...pathCases, ...transportCases]);
  staysHealthy(mock);
});

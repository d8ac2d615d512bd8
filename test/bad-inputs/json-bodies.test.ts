/**
 * Bad-input catalogue, part 1: hostile JSON bodies and content types on the JSON endpoints. Every request is
 * refused with a 4xx in Sync's error shape, and the mock stays healthy.
 */
import { describe } from "vitest";
import { generationBody } from "../helpers/http.js";
import { refuses, staysHealthy, useHostileMock, type HostileCase } from "../helpers/hostile.js";
import { httpRequest, writeAndDrain } from "../helpers/raw-http.js";

const mock = useHostileMock();
const key = () => mock.key;
const json = (body: string | Buffer, path = "/v2/generate", contentType = "application/json") =>
  httpRequest("POST", path, { "x-api-key": key(), "content-type": contentType }, body);
const valid = JSON.stringify(generationBody());
const withField = (field: string, value: string) => valid.replace(/}$/, `,"${field}":${value}}`);
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const TEN_MB = 10 * 1024 * 1024;

const cases: Array<HostileCase<undefined>> = [
  // Broken JSON
  { name: "truncated JSON", request: () => json('{"model":"lipsync-2","input":['), status: 400 },
  { name: "unquoted keys", request: () => json("{model: 'lipsync-2'}"), status: 400 },
  { name: "trailing garbage after the object", request: () => json(`${valid} junk`), status: 400 },
  { name: "a NaN literal", request: () => json('{"model":"lipsync-2","temperature":NaN}'), status: 400 },
  { name: "a byte-order mark before the JSON", request: () => json(`\ufeff${valid}`), status: 400 },
  { name: "JSON in UTF-16", request: () => json(Buffer.from(valid, "utf16le"), "/v2/generate", "application/json; charset=utf-16"), status: 400 },
  { name: "invalid UTF-8 inside a string", request: () => json(Buffer.concat([Buffer.from('{"model":"lipsync-2'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])), status: 400, message: "model must be one of" },
  { name: "an empty JSON body", request: () => json(""), status: 400, message: "model is required" },
  { name: "null as the body", request: () => json("null"), status: 400 },
  { name: "an array as the body", request: () => json("[]"), status: 400 },
  { name: "a string as the body", request: () => json('"lipsync-2"'), status: 400 },
  { name: "a number as the body", request: () => json("42"), status: 400 },
  // Depth and size
  { name: "options nested 200 000 levels deep", request: () => json(withField("dubParams", nested(200_000))), status: 400, message: "more than 64 levels deep" },
  { name: "a body nested 400 000 levels deep", request: () => json(nested(400_000)), status: 400, message: "more than 64 levels deep" },
  { name: "a 10 MB JSON body (Content-Length)", request: () => json(`{"pad":"${"x".repeat(TEN_MB)}"}`), status: 413, message: "Payload Too Large" },
  {
    name: "a 10 MB JSON body, chunked (no Content-Length)",
    status: 413,
    stream: {
      method: "POST",
      path: "/v2/generate",
      write: async (socket, answered) => {
        const head = `POST /v2/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nx-api-key: ${key()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
        await writeAndDrain(socket, head);
        const piece = "x".repeat(64 * 1024);
        for (let sent = 0; sent < TEN_MB && !answered(); sent += piece.length) {
          await writeAndDrain(socket, `${piece.length.toString(16)}\r\n${piece}\r\n`);
        }
        if (!answered()) await writeAndDrain(socket, "0\r\n\r\n");
      },
    },
  },
  { name: "15 000 audio inputs", request: () => json(JSON.stringify(generationBody({ input: [{ type: "video", url: "https://a.test/v.mp4" }, ...Array.from({ length: 15_000 }, () => ({ type: "audio", url: "https://a.test/a.wav" }))] }))), status: 400 },
  // Content types
  { name: "valid JSON sent as text/plain", request: () => json(valid, "/v2/generate", "text/plain"), status: 400, message: "model is required" },
  { name: "valid JSON without a Content-Type", request: () => httpRequest("POST", "/v2/generate", { "x-api-key": key() }, valid), status: 400 },
  { name: "a form-urlencoded body", request: () => json("model=lipsync-2&input=x", "/v2/generate", "application/x-www-form-urlencoded"), status: 400 },
  { name: "XML labelled as JSON", request: () => json("<generate><model>lipsync-2</model></generate>"), status: 400 },
  { name: "XML as application/xml", request: () => json("<generate/>", "/v2/generate", "application/xml"), status: 400 },
  // Values
  { name: "a file:// webhookUrl", request: () => json(JSON.stringify(generationBody({ webhookUrl: "file:///etc/passwd" }))), status: 400, message: "webhookUrl" },
  { name: "a webhookUrl without a host", request: () => json(JSON.stringify(generationBody({ webhookUrl: "http://" }))), status: 400, message: "webhookUrl" },
  { name: "a javascript: input URL", request: () => json(JSON.stringify(generationBody({ input: [{ type: "video", url: "javascript:alert(1)" }, { type: "audio", url: "https://a.test/a.wav" }] }))), status: 400, message: "input.0.url" },
  { name: "a negative temperature", request: () => json(JSON.stringify(generationBody({ options: { temperature: -1 } }))), status: 400, message: "options.temperature" },
  { name: "a temperature of 1e308", request: () => json(JSON.stringify(generationBody({ options: { temperature: 1e308 } }))), status: 400, message: "options.temperature" },
  { name: "a negative frame_number", request: () => json(JSON.stringify(generationBody({ options: { active_speaker_detection: { frame_number: -5 } } }))), status: 400 },
  { name: "a frame_number of 1e20", request: () => json(JSON.stringify(generationBody({ options: { active_speaker_detection: { frame_number: 1e20 } } }))), status: 400 },
  { name: "a segment starting at -1 s", request: () => json(JSON.stringify(generationBody({ segments: [{ startTime: -1, endTime: 2, audioInput: { refId: "a" } }] }))), status: 400 },
  { name: "a path in outputFileName", request: () => json(JSON.stringify(generationBody({ outputFileName: "../../etc/passwd" }))), status: 400, message: "outputFileName" },
  { name: "a 300 KB outputFileName", request: () => json(JSON.stringify(generationBody({ outputFileName: "a".repeat(300_000) }))), status: 400, message: "outputFileName" },
  { name: "a model name with a NUL byte", request: () => json(JSON.stringify(generationBody({ model: "lipsync-2\u0000" }))), status: 400, message: "model must be one of" },
  { name: "a look-alike model name (non-breaking hyphen)", request: () => json(JSON.stringify(generationBody({ model: "lipsync\u20112" }))), status: 400, message: "model must be one of" },
  { name: "an unknown assetId", request: () => json(JSON.stringify(generationBody({ input: [{ type: "video", assetId: "../../etc/passwd" }, { type: "audio", url: "https://a.test/a.wav" }] }))), status: 404, errorCode: "asset_not_found" },
  // The estimate endpoints
  { name: "an infinite duration (1e309)", request: () => json('{"model":"lipsync-2","duration":1e309}', "/v2/generations/estimate"), status: 400, message: "duration" },
  { name: "a negative duration", request: () => json('{"model":"lipsync-2","duration":-1}', "/v2/generations/estimate"), status: 400, message: "duration" },
  { name: "a duration as a string", request: () => json('{"model":"lipsync-2","duration":"10"}', "/v2/generate/estimate-cost"), status: 400, message: "duration" },
  { name: "an fps of 0", request: () => json('{"model":"lipsync-2","duration":1,"fps":0}', "/v2/generations/estimate"), status: 400, message: "fps" },
  { name: "truncated JSON to /v2/analyze/cost", request: () => json('{"model":', "/v2/analyze/cost"), status: 400 },
  // Keys
  { name: "a request without x-api-key", request: () => httpRequest("POST", "/v2/generate", { "content-type": "application/json" }, valid), status: 401, message: "Either Cookie or x-api-key" },
  { name: "an empty x-api-key", request: () => httpRequest("POST", "/v2/generate", { "x-api-key": "", "content-type": "application/json" }, valid), status: 401 },
  { name: "a key the scenario rejects", request: () => httpRequest("POST", "/v2/generate", { "x-api-key": "invalid_me", "content-type": "application/json" }, valid), status: 401 },
  // The admin plane
  { name: "a clock advance of 1e308 ms", request: () => httpRequest("POST", "/__mock/clock/advance", { "content-type": "application/json" }, '{"ms":1e308}'), status: 400 },
  { name: "a clock advance to a date that is not one", request: () => httpRequest("POST", "/__mock/clock/advance", { "x-api-key": key(), "content-type": "application/json" }, '{"to":"2024-02-30T00:00:00Z"}'), status: 400 },
];

describe("hostile JSON bodies", () => {
  refuses(mock, cases);
  staysHealthy(mock);
});

/**
 * Bad-input catalogue, part 4: odd requests a real client may send that are valid, so the mock accepts them,
 * and must do so without harm: prototype keys, unknown fields and parameters, hostile file names, unicode
 * request ids that must come back byte for byte in the batch results.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { batchForm, batchLine, jsonl } from "../helpers/batch.js";
import { generationBody } from "../helpers/http.js";
import { send, staysHealthy, useHostileMock } from "../helpers/hostile.js";
import { httpRequest } from "../helpers/raw-http.js";

const mock = useHostileMock();
const post = (body: string, contentType = "application/json") =>
  send(mock, httpRequest("POST", "/v2/generate", { "x-api-key": mock.key, "content-type": contentType }, body));
const valid = JSON.stringify(generationBody());

describe("odd but valid requests", () => {
  it("accepts __proto__ and constructor keys without polluting any prototype", async () => {
    const body = valid.replace("{", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},');
    const answer = await post(body.replace('"options"', '"x"'));
    expect(answer.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("takes the last of duplicated keys, as JSON.parse does", async () => {
    const answer = await post(valid.replace("{", '{"model":"nope",'));
    expect(answer.status).toBe(201);
    expect(answer.json.model).toBe("lipsync-2");
  });

  it("ignores unknown fields and a charset on the JSON content type", async () => {
    const answer = await post(JSON.stringify({ ...generationBody(), fromTheFuture: { nested: [1, 2, 3] } }), "application/json; charset=latin1");
    expect(answer.status).toBe(201);
  });

  it("ignores unknown query parameters, prototype names included", async () => {
    const answer = await send(mock, httpRequest("GET", "/v2/models?foo=bar&__proto__=x&constructor=y&toString=z", { "x-api-key": mock.key }));
    expect(answer.status).toBe(200);
    expect(answer.json).toHaveLength(5);
  });

  it("accepts an 8 KB API key as a tenant of its own", async () => {
    const answer = await send(mock, httpRequest("GET", "/v2/generations", { "x-api-key": `scale_${"k".repeat(8_000)}` }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([]);
  });

  it("answers an absolute-form request line for its path", async () => {
    const answer = await send(mock, Buffer.from(`GET http://evil.test/v2/models HTTP/1.1\r\nHost: evil.test\r\nx-api-key: ${mock.key}\r\nConnection: close\r\n\r\n`));
    expect(answer.status).toBe(200);
  });

  it("keeps only the base name of an upload named ../../../etc/passwd and serves back exactly its bytes", async () => {
    const clip = readFileSync(new URL("../fixtures/clip.mp4", import.meta.url));
    const form = new FormData();
    form.append("model", "lipsync-2");
    form.append("video", new Blob([clip]), "../../../etc/passwd");
    form.append("audio", new Blob([readFileSync(new URL("../fixtures/voice.wav", import.meta.url))]), "..\\..\\boot.ini");
    const created = (await (await fetch(`${mock.server.url}/v2/generate`, { method: "POST", headers: { "x-api-key": mock.key }, body: form })).json()) as any;
    const asset = (await (await fetch(`${mock.server.url}/v2/assets/${created.input[0].assetId}`, { headers: { "x-api-key": mock.key } })).json()) as any;
    expect(asset.name).toBe("passwd");
    const served = Buffer.from(await (await fetch(asset.url)).arrayBuffer());
    expect(served.equals(clip)).toBe(true);
  });

  it("gives back unicode request ids byte for byte in the batch results", async () => {
    const ids = [
      "запрос-1", "请求-2", "🎬-3", "nul-\u0000-4", "rtl-\u202eevil-5", "zwj-👩‍👩‍👧-6", "lone-\ud800-7", "combining-e\u0301-8", "composed-\u00e9-9",
      `long-${"x".repeat(1000)}`, "quote-\"-11", "backslash-\\-12", "newline-\n-13", "tab-\t-14", "ltr-\u200e-15", "bom-\ufeff-16", "emoji-🧪-17", "math-𝔘-18", "arabic-طلب-19", "hebrew-בקשה-20",
    ];
    const form = batchForm(jsonl(ids.map((id) => batchLine(id))));
    const created = (await (await fetch(`${mock.server.url}/v2/batch`, { method: "POST", headers: { "x-api-key": mock.key }, body: form })).json()) as any;
    expect(created.metrics.total_generations).toBe(20);
    await mock.server.deps.time.advanceAll(10_000);
    const batch = (await (await fetch(`${mock.server.url}/v2/batch/${created.id}`, { headers: { "x-api-key": mock.key } })).json()) as any;
    expect(batch.status).toBe("COMPLETED");
    const lines = (await (await fetch(batch.outputUrl)).text()).split("\n").filter(Boolean).map((line) => JSON.parse(line));
    expect(lines.map((line) => line.request_id)).toEqual(ids);
  });

  staysHealthy(mock);
});

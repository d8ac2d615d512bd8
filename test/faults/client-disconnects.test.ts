/**
 * Clients that go away half-way: in the middle of an upload (generate and batch), of a long poll, of a
 * download. The mock must keep nothing of the abandoned request (no file, no asset, no job), release what it
 * held for it (long-poll waiters, open files), log no error, and keep serving.
 */
import { readdirSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { generationBody } from "../helpers/http.js";
import { useSyncMock } from "../helpers/mock.js";
import { writeAndDrain } from "../helpers/raw-http.js";

const t = useSyncMock({ clock: "manual" });
const BOUNDARY = "----sync-mock-disconnect";

/** Opens a connection to the mock and writes `head`; resolves once connected and written. */
async function open(head: string): Promise<Socket> {
  const socket = connect(t.mock.server.port, "127.0.0.1");
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  await writeAndDrain(socket, head);
  return socket;
}

/** Starts a multipart upload announcing `total` bytes, sends `sent` bytes of one file part, then hangs up. */
async function abandonUpload(path: string, key: string, field: string, sent: number): Promise<void> {
  const partHead = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="model"\r\n\r\nlipsync-2\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const socket = await open(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${key}\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n${partHead}`,
  );
  const chunk = Buffer.alloc(64 * 1024, 3);
  for (let written = 0; written < sent; written += chunk.length) await writeAndDrain(socket, chunk);
  socket.destroy();
}

const uploads = () => readdirSync(t.mock.server.deps.uploadDir);
const openFiles = () => readdirSync("/proc/self/fd").length;

describe("clients that hang up", () => {
  it("mid-upload of a generation's video: no file, open file, asset or generation is left", async () => {
    const key = t.mock.apiKey();
    const before = openFiles();
    await abandonUpload("/v2/generate", key, "video", 5 * 1024 * 1024);
    await expect.poll(uploads, { timeout: 10_000 }).toEqual([]);
    await expect.poll(openFiles, { timeout: 10_000 }).toBeLessThanOrEqual(before);
    expect((await t.api.get("/v2/assets", { key })).body).toMatchObject({ items: [], totalCount: 0 });
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it("mid-upload of a batch file: no batch or generation is created", async () => {
    const key = t.mock.apiKey();
    await abandonUpload("/v2/batch", key, "input", 2 * 1024 * 1024);
    expect((await t.api.get("/v2/batch", { key })).body).toEqual([]);
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it("mid-PUT to a presigned upload URL: no file, open file or asset is left, and the URL still takes the bytes", async () => {
    const key = t.mock.apiKey();
    const size = 20 * 1024 * 1024;
    const presigned = await t.api.post("/v2/assets/upload", { key, json: { fileName: "face.mp4", contentType: "video/mp4", size } });
    const target = new URL(presigned.body.uploadUrl);
    const before = openFiles();
    const socket = await open(`PUT ${target.pathname}${target.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: video/mp4\r\nContent-Length: ${size}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 5);
    for (let written = 0; written < 5 * 1024 * 1024; written += chunk.length) await writeAndDrain(socket, chunk);
    socket.destroy();
    await expect.poll(uploads, { timeout: 10_000 }).toEqual([]);
    await expect.poll(openFiles, { timeout: 10_000 }).toBeLessThanOrEqual(before);
    expect((await t.api.get("/v2/assets/count", { key })).body).toBe(0);
    const again = await fetch(presigned.body.uploadUrl, { method: "PUT", headers: { "content-type": "video/mp4" }, body: new Uint8Array(size) });
    expect(again.status).toBe(200);
  });

  it("mid-JSON body: nothing is created", async () => {
    const key = t.mock.apiKey();
    const body = JSON.stringify(generationBody());
    const socket = await open(`POST /v2/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 40)}`);
    socket.destroy();
    expect((await t.api.get("/v2/generations", { key })).body).toEqual([]);
  });

  it("mid-long-poll, 100 at once: every waiter is released, and the generation still completes", async () => {
    const key = t.mock.apiKey();
    const { body: created } = await t.api.post("/v2/generate", { key, json: generationBody() });
    const scheduler = t.mock.server.deps.scheduler;
    const before = scheduler.pending;
    const request = `GET /v2/generate/${created.id}?wait=true&timeout=10 HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${key}\r\n\r\n`;
    const sockets = await Promise.all(Array.from({ length: 100 }, () => open(request)));
    await expect.poll(() => scheduler.pending, { timeout: 10_000 }).toBe(before + 100);
    for (const socket of sockets) socket.destroy();
    await expect.poll(() => scheduler.pending, { timeout: 10_000 }).toBe(before);
    await t.mock.admin.advance(5_000, key);
    expect((await t.api.get(`/v2/generate/${created.id}`, { key })).body.status).toBe("COMPLETED");
  });

  it("mid-download of an uploaded file: the file it was reading is closed", async () => {
    const key = t.mock.apiKey();
    const form = new FormData();
    form.append("model", "lipsync-2");
    form.append("video", new Blob([Buffer.alloc(15 * 1024 * 1024, 1)]), "big.mp4");
    form.append("audio", new Blob([Buffer.alloc(1024, 2)]), "a.wav");
    const { body: created } = await t.api.post("/v2/generate", { key, body: form });
    const asset = (await t.api.get(`/v2/assets/${created.input[0].assetId}`, { key })).body;
    const before = openFiles();
    const url = new URL(asset.url);
    const socket = await open(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    socket.pause(); // read nothing: the server fills the socket's buffers and waits on the file
    await new Promise<void>((resolve) => socket.once("readable", resolve));
    socket.destroy();
    await expect.poll(openFiles, { timeout: 10_000 }).toBeLessThanOrEqual(before);
    expect((await t.api.get("/health", { unchecked: true })).status).toBe(200);
  });
});

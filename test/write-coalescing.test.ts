/**
 * The server writes the answers finished in one turn of the event loop together (src/http/write-coalescing.ts).
 * These check what a client sees over real sockets: every answer arrives, whole and in order, however the
 * requests come.
 */
import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { useSyncMock } from "./helpers/mock.js";

const ctx = useSyncMock();
const KEY = "sk-coalescing";

/** Sends `raw` on one connection and resolves with everything the server wrote until it closed. */
async function exchange(port: number, raw: string): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "connect");
  socket.write(raw);
  await once(socket, "close");
  return Buffer.concat(chunks).toString("utf8");
}

function get(path: string, close = false): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\n${close ? "Connection: close\r\n" : ""}\r\n`;
}

describe("answers written together at the end of a turn", () => {
  it("answers pipelined requests on one connection in the order they were sent", async () => {
    const { port } = new URL(ctx.mock.baseUrl);
    const paths = ["/v2/models", "/v2/generate/00000000-0000-4000-8000-000000000000", "/health", "/v2/generations?limit=1"];
    const raw = paths.map((path, i) => get(path, i === paths.length - 1)).join("");
    const answers = (await exchange(Number(port), raw)).split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => Number(answer.slice(9, 12)))).toEqual([200, 404, 200, 200]);
    expect(answers[1]).toContain('"generation_not_found"');
    expect(answers[2]).toContain('{"status":"ok"}');
  });

  it("answers every one of many connections that ask at once", async () => {
    const answers = await Promise.all(
      Array.from({ length: 64 }, () => fetch(`${ctx.mock.baseUrl}/v2/models`, { headers: { "x-api-key": KEY } }).then(async (r) => [r.status, ((await r.json()) as unknown[]).length])),
    );
    expect(new Set(answers.map((answer) => answer.join(" ")))).toEqual(new Set([answers[0]!.join(" ")]));
    expect(answers[0]![0]).toBe(200);
  });

  it("stays healthy when a client goes away with answers still to be written", async () => {
    const { port } = new URL(ctx.mock.baseUrl);
    const sockets = Array.from({ length: 20 }, () => connect(Number(port), "127.0.0.1"));
    await Promise.all(sockets.map((socket) => once(socket, "connect")));
    // Each asks, then is destroyed at once: its answer is written (or dropped) after it is gone.
    for (const socket of sockets) {
      socket.write(get("/v2/models"));
      socket.destroy();
    }
    const health = await fetch(`${ctx.mock.baseUrl}/health`);
    expect(health.status).toBe(200);
  });
});

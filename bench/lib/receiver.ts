/**
 * A webhook receiver on loopback, in the harness process: answers every POST 200 at once and counts what
 * came, by path. Its cost lands on the harness, as a user's test process would carry its own receiver.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A running receiver. */
export interface BenchReceiver {
  /** Absolute URL of `path` on this receiver. */
  url(path: string): string;
  /** Requests received per path. */
  readonly byPath: Map<string, number>;
  /** Bodies received, in arrival order. */
  readonly bodies: string[];
  clear(): void;
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startReceiver(): Promise<BenchReceiver> {
  const byPath = new Map<string, number>();
  const bodies: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      byPath.set(path, (byPath.get(path) ?? 0) + 1);
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    byPath,
    bodies,
    clear() {
      byPath.clear();
      bodies.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

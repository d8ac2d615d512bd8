/**
 * A real webhook receiver on loopback for tests. Its path picks its behaviour:
 * `/ok` answers 200, `/status/<n>` answers n, `/slow` never answers, `/reset` drops the connection,
 * `/flaky/<n>` answers 500 to the first n requests and 200 after, `/delay/<ms>` answers 200 after ms of real time
 * (a receiver that takes its time).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request the receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A running receiver. */
export interface Receiver {
  /** Absolute URL of a path on this receiver. */
  url(path: string): string;
  /** Requests received so far, in arrival order. */
  readonly received: Received[];
  /** Resolves when `count` requests (in all) have arrived. */
  waitFor(count: number): Promise<Received[]>;
  /** Resolves once what has arrived satisfies `done`. */
  until(done: (received: readonly Received[]) => boolean): Promise<Received[]>;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ done: (r: readonly Received[]) => boolean; resolve: (r: Received[]) => void }> = [];
  const flakyCounts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      for (const w of waiters.filter((w) => w.done(received))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...received]);
      }
      if (path.startsWith("/slow")) return; // never answers
      if (path.startsWith("/reset")) return req.socket.destroy();
      const status = /^\/status\/(\d{3})/.exec(path);
      if (status) return res.writeHead(Number(status[1])).end("nope");
      const delay = /^\/delay\/(\d+)/.exec(path);
      if (delay) return void setTimeout(() => res.writeHead(200).end("ok"), Number(delay[1]));
      const flaky = /^\/flaky\/(\d+)/.exec(path);
      if (flaky) {
        const seen = (flakyCounts.get(path) ?? 0) + 1;
        flakyCounts.set(path, seen);
        return res.writeHead(seen <= Number(flaky[1]) ? 500 : 200).end();
      }
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const until = (done: (r: readonly Received[]) => boolean) =>
    done(received) ? Promise.resolve([...received]) : new Promise<Received[]>((resolve) => waiters.push({ done, resolve }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    waitFor: (count) => until((r) => r.length >= count),
    until,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A URL on loopback where nothing listens. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

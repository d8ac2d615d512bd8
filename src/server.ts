/**
 * Starting and stopping a listening mock: builds the services, the app and the Node HTTP server.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Logger } from "pino";
import { createApp } from "./app.js";
import { createDeps, type AppDeps, type DepsOptions } from "./deps.js";
import { answerClientError } from "./http/client-error.js";
import { readDataDir, recordInDataDir } from "./persistence/data-dir.js";
import { coalesceWrites } from "./http/write-coalescing.js";

/** How to start a server. */
export interface ServerOptions extends Omit<DepsOptions, "publicUrl"> {
  /** Port (0 picks a free one). */
  port?: number;
  /** Address to bind (default 127.0.0.1 here; the CLI defaults to 0.0.0.0). */
  host?: string;
  /** Fixed public base URL (default `http://localhost:<port>`). */
  publicUrl?: string;
  logger?: Logger;
  /** `memory` (default) or a Redis URL: the state is shared with every replica on that Redis and prefix. */
  storeUrl?: string;
  /** Prefix of the Redis keys (default `sync-mock:`). */
  storePrefix?: string;
}

/** A listening mock. */
export interface RunningServer {
  /** Base of the URLs the mock hands out (the public URL). */
  readonly url: string;
  /** Where this process can reach the server (the bound address), whatever the public URL says. */
  readonly localUrl: string;
  readonly port: number;
  readonly deps: AppDeps;
  /** Stops accepting connections, lets in-flight requests finish, then releases timers and files. */
  close(): Promise<void>;
}

/**
 * `http://localhost:<port>` when listening on every address (contract §1); otherwise the bound address itself,
 * because "localhost" may resolve to an address the server does not listen on (::1 for a 127.0.0.1 bind).
 */
export function defaultPublicUrl(host: string, port: number): string {
  if (host === "0.0.0.0" || host === "::" || host === "localhost") return `http://localhost:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Starts a mock and resolves once it accepts connections. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  let port = options.port ?? 0;
  const host = options.host ?? "127.0.0.1";
  const saved = options.dataDir ? readDataDir(options.dataDir) : undefined;
  // A manual clock goes on from where it was: same start, and the shifts replayed on top.
  const clockStart = options.clockStart ?? saved?.clockStart;
  // Loaded only when asked for: the Redis client is a third of the start-up time of a memory-store mock.
  const redis =
    options.storeUrl && options.storeUrl !== "memory"
      ? await (await import("./store/redis/backend.js")).connectRedisStore({ url: options.storeUrl, prefix: options.storePrefix, clock: typeof options.clock === "object" ? options.clock.mode : (options.clock ?? "real"), clockStart })
      : undefined;
  const deps = createDeps({
    ...options,
    ...(redis ? { store: redis } : {}),
    ...(clockStart !== undefined ? { clockStart } : {}),
    publicUrl: () => options.publicUrl ?? defaultPublicUrl(host, port),
  });
  const stateLog = options.dataDir && saved ? recordInDataDir(deps, options.dataDir, saved) : undefined;
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }) as Server;
    coalesceWrites(s);
    s.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      const requestId = deps.ids.uuid();
      deps.logger.info({ requestId, code: error.code }, "refused malformed HTTP");
      answerClientError(error, socket, requestId);
    });
    s.once("listening", () => resolve(s));
    s.once("error", reject);
  });
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  // While closing, a keep-alive connection is closed as soon as its last answer is sent, instead of lingering
  // for the keep-alive timeout (which would hold the shutdown for seconds).
  server.on("request", (_req, res) => res.once("finish", () => closing && server.closeIdleConnections()));
  return {
    url: deps.publicUrl(),
    localUrl: defaultPublicUrl(host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host, port),
    port,
    deps,
    close() {
      // Stop accepting, answer long polls now, let requests in flight finish, let webhooks in flight be delivered
      // and recorded, then stop timers.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          void deps.queue
            .idle()
            .then(() => deps.close())
            .finally(() => {
              stateLog?.close();
              resolve();
            });
        });
        deps.scheduler.stopWaiting();
        // Event streams never end by themselves: ended now, their connections close like any other.
        deps.events.close();
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

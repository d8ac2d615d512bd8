/**
 * The connection of one replica to the shared Redis: a command client (scripts defined on it, auto-pipelined so
 * the commands of concurrent requests share round trips) and a subscriber for the events replicas send each
 * other. Commands fail at once while Redis is unreachable (no offline queue, no retries of a command), so a
 * request answers 503 instead of hanging; ioredis reconnects by itself and the replica recovers when Redis is back.
 */
import { randomUUID } from "node:crypto";
import { Redis, ReplyError } from "ioredis";
import { scriptSource, SCRIPTS, type ScriptName } from "./lua.js";
import { StoreConnectError } from "../errors.js";

/** A message between replicas (on one pub/sub channel per prefix). */
export type StoreEvent =
  | { readonly t: "clock"; readonly key?: string | undefined }
  | { readonly t: "scenario"; readonly key?: string | undefined }
  | { readonly t: "reset"; readonly key?: string | undefined }
  | { readonly t: "attempt"; readonly json: string }
  | { readonly t: "queued" };

export { StoreConnectError };

/** Where a Redis URL points, without its credentials (for logs and /health). */
export function redisLocation(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "redis";
  }
}

// A command that takes longer than this is taken for a Redis that is gone (a script over 500 items takes ~5 ms).
const COMMAND_TIMEOUT_MS = 5_000;

/** One replica's connection to the shared state. */
export class RedisConnection {
  /** This replica's id in events, so it can skip its own. */
  readonly replica = randomUUID();
  readonly location: string;
  readonly #client: Redis;
  readonly #subscriber: Redis;
  readonly #channel: string;
  readonly #listeners = new Set<(event: StoreEvent) => void>();
  #closed = false;

  constructor(
    url: string,
    /** Prefix of every key (several mocks can share one Redis database under different prefixes). */
    readonly prefix: string,
  ) {
    this.location = redisLocation(url);
    const options = {
      protocol: 2 as const,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      enableAutoPipelining: true,
      // Reconnect quickly and forever: a Redis restart is something to ride out, not a reason to stop.
      retryStrategy: (times: number) => Math.min(50 * times, 1_000),
    };
    this.#client = new Redis(url, options);
    this.#subscriber = new Redis(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
    // Errors are answered per command (503); the client's own error events would otherwise be unhandled.
    this.#client.on("error", () => undefined);
    this.#subscriber.on("error", () => undefined);
    for (const name of Object.keys(SCRIPTS) as ScriptName[]) this.#client.defineCommand(name, { numberOfKeys: 0, lua: scriptSource(name) });
    this.#channel = `${prefix}events`;
    this.#subscriber.on("message", (_channel: string, message: string) => {
      let event: StoreEvent & { from?: string };
      try {
        event = JSON.parse(message) as StoreEvent & { from?: string };
      } catch {
        return;
      }
      if (event.from === this.replica) return;
      for (const listener of [...this.#listeners]) listener(event);
    });
  }

  /** Connects both clients; refuses (StoreConnectError) when Redis does not answer within `timeoutMs`. */
  async connect(timeoutMs = 10_000): Promise<void> {
    // A start-up deadline, before any clock or scheduler exists; ioredis retries the connection meanwhile.
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      await Promise.all([ready(this.#client, deadline), ready(this.#subscriber, deadline)]);
      await this.#subscriber.subscribe(this.#channel);
    } catch (error) {
      this.#client.disconnect();
      this.#subscriber.disconnect();
      throw new StoreConnectError(`cannot reach Redis at ${this.location}: ${(error as Error)?.message ?? error}`);
    }
  }

  /** The command client. */
  get redis(): Redis {
    return this.#client;
  }

  /** Runs a script of `lua.ts` with its ARGV after the prefix. */
  script<T = unknown>(name: ScriptName, ...args: ReadonlyArray<string | number>): Promise<T> {
    const command = (this.#client as unknown as Record<ScriptName, (...a: unknown[]) => Promise<T>>)[name];
    return command.call(this.#client, this.prefix, ...args);
  }

  /** Whether commands can be sent now. */
  available(): boolean {
    return this.#client.status === "ready";
  }

  /** A message for the user when `error` means Redis is unreachable (not a bug of the mock). */
  unavailable(error: unknown): string | undefined {
    if (!(error instanceof Error) || error instanceof ReplyError) return undefined;
    const connectionLost =
      !this.available() ||
      error.name === "MaxRetriesPerRequestError" ||
      /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE/.test(error.message);
    return connectionLost ? `The state store (Redis at ${this.location}) is unavailable: ${error.message}` : undefined;
  }

  /** Tells the other replicas (best effort: a replica that misses it catches up on its next read). */
  publish(event: StoreEvent): void {
    this.#client.publish(this.#channel, JSON.stringify({ ...event, from: this.replica })).catch(() => undefined);
  }

  /** Calls `listener` with every event another replica publishes. */
  onEvent(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes both clients. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    await Promise.allSettled([this.#client.quit(), this.#subscriber.quit()]);
    this.#client.disconnect();
    this.#subscriber.disconnect();
  }
}

/** Resolves once `client` is ready; rejects with its last connection error when `deadline` aborts first. */
function ready(client: Redis, deadline: AbortSignal): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (error: Error) => (lastError = error);
    const done = () => {
      client.off("ready", onReady);
      client.off("error", onError);
      deadline.removeEventListener("abort", onAbort);
    };
    const onReady = () => {
      done();
      resolve();
    };
    const onAbort = () => {
      done();
      reject(lastError ?? new Error("no answer"));
    };
    client.on("ready", onReady);
    client.on("error", onError);
    deadline.addEventListener("abort", onAbort, { once: true });
    if (client.status === "wait") client.connect().catch(onError);
  });
}

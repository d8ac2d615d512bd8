/**
 * The Redis store: several replicas share one state. `connectRedisStore` connects at start-up (refusing a Redis
 * that cannot be reached, or one whose other replicas run another kind of clock) and returns the factory the
 * composition root builds the store with.
 */
import { ManualClock, SystemClock, wallClockMs, type Clock, type ClockMode } from "../../domain/clock.js";
import { RedisAssetFiles } from "../../resources/assets/assets.redis-files.js";
import { RedisTenantRegistry } from "../../tenants/redis-registry.js";
import { RedisDeliveryQueue } from "../../webhooks/redis-queue.js";
import { RedisWebhookLog } from "../../webhooks/webhook-log.redis.js";
import type { BackendContext, StateBackend, StoreFactory } from "../backend.js";
import { RedisConnection, StoreConnectError } from "./connection.js";
import { RedisKeys } from "./keys.js";

/** How to connect. */
export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  readonly url: string;
  /** Prefix of every key (default `sync-mock:`); mocks with different prefixes share nothing. */
  readonly prefix?: string | undefined;
  /** The clock mode of this replica; every replica on one prefix must run the same. */
  readonly clock: ClockMode;
  /** Start of a manual clock, if this replica is the first (the others take the first one's). */
  readonly clockStart?: number | undefined;
  /** How long to wait for Redis at start-up (default 10 s). */
  readonly connectTimeoutMs?: number | undefined;
}

/** The default key prefix. */
export const DEFAULT_STORE_PREFIX = "sync-mock:";

/** Connects to Redis and returns the store factory for `createDeps`. */
export async function connectRedisStore(options: RedisStoreOptions): Promise<StoreFactory> {
  const conn = new RedisConnection(options.url, options.prefix ?? DEFAULT_STORE_PREFIX);
  await conn.connect(options.connectTimeoutMs);
  const keys = new RedisKeys(conn.prefix);
  const { redis } = conn;
  try {
    await redis.hsetnx(keys.global, "clock", options.clock);
    const [mode] = await redis.hmget(keys.global, "clock");
    if (mode !== options.clock) {
      throw new StoreConnectError(`the replicas on ${conn.location} (prefix ${conn.prefix}) run a ${mode} clock; this one was started with --clock ${options.clock}`);
    }
    await redis.hsetnx(keys.global, "manualStart", String(options.clockStart ?? wallClockMs()));
    const manualStart = Number(await redis.hget(keys.global, "manualStart"));
    const replica = await redis.incr(`${conn.prefix}replicas`);
    const clock: Clock = options.clock === "manual" ? new ManualClock(manualStart) : new SystemClock();
    return {
      clock: () => clock,
      idsSalt: replica - 1,
      create: (context) => createRedisBackend(conn, keys, context),
    };
  } catch (error) {
    await conn.close();
    throw error;
  }
}

function createRedisBackend(conn: RedisConnection, keys: RedisKeys, context: BackendContext): StateBackend {
  const files = new RedisAssetFiles(conn);
  const webhookLog = new RedisWebhookLog(conn, keys);
  const queue = new RedisDeliveryQueue(conn, context.time, context.scheduler, context.logger);
  const tenants = new RedisTenantRegistry({
    conn,
    keys,
    time: context.time,
    scheduler: context.scheduler,
    scenarios: context.scenarios,
    defaultWebhookSecret: context.defaultWebhookSecret,
    files,
    // As a scenario put in force here reseeds the ids (admin/operations.ts), so does one put in force elsewhere.
    scenarioChanged: () => context.ids.reseed?.(context.scenarios.active().seed),
  });
  return {
    info: { kind: "redis", location: `${conn.location} (prefix ${conn.prefix})`, available: () => conn.available(), unavailable: (error) => conn.unavailable(error) },
    tenants,
    webhookLog,
    queue,
    files,
    startDeliveries: (run) => queue.start(run),
    close: async () => {
      await queue.close();
      await conn.close();
    },
  };
}

/**
 * Several `sync-mock` processes (the built command) sharing one real redis-server: a cluster as a team would run
 * it behind a load balancer, for the tests that need more than one replica.
 */
import { randomUUID } from "node:crypto";
import { AdminClient } from "../../src/testing/admin-client.js";
import { startChildMock, type ChildMock } from "./child-mock.js";
import { client } from "./http.js";
import { startRedis, type RedisServer } from "./redis.js";

/** A running cluster. */
export interface Cluster {
  readonly redis: RedisServer;
  readonly replicas: ChildMock[];
  /** An HTTP client per replica (answers checked against the OpenAPI documents). */
  readonly api: Array<ReturnType<typeof client>>;
  /** An admin client per replica. */
  readonly admin: AdminClient[];
  /** The flags every replica was started with. */
  readonly args: string[];
  /** Starts one more replica on the same Redis and prefix. */
  addReplica(): Promise<ChildMock>;
  close(): Promise<void>;
}

/** Starts `size` replicas (manual clock by default) on a fresh Redis; `args` are added to every replica's flags. */
export async function startCluster(options: { size?: number; args?: string[]; appendOnly?: boolean } = {}): Promise<Cluster> {
  const redis = await startRedis({ appendOnly: options.appendOnly ?? false });
  const args = ["--store", redis.url, "--store-prefix", `cluster-${randomUUID()}:`, "--clock", "manual", "--log-level", "warn", ...(options.args ?? [])];
  const replicas: ChildMock[] = [];
  const api: Array<ReturnType<typeof client>> = [];
  const admin: AdminClient[] = [];
  const addReplica = async () => {
    const replica = await startChildMock(args);
    replicas.push(replica);
    api.push(client(replica.url));
    admin.push(new AdminClient(replica.url));
    return replica;
  };
  try {
    // One after another: the first replica sets the shared manual clock's start.
    for (let i = 0; i < (options.size ?? 3); i++) await addReplica();
  } catch (error) {
    await Promise.all(replicas.map((r) => r.stop("SIGKILL")));
    await redis.close();
    throw error;
  }
  return {
    redis,
    replicas,
    api,
    admin,
    args,
    addReplica,
    async close() {
      await Promise.all(replicas.map((r) => r.stop("SIGKILL")));
      await redis.close();
    },
  };
}

/** The same URL on another replica (URLs handed out name the replica that made them). */
export function onReplica(url: string, replica: ChildMock): string {
  return replica.url + new URL(url).pathname + new URL(url).search;
}

/**
 * Global setup of the "redis" test project: one real redis-server for the run (every mock uses keys of its own
 * under a random prefix), stopped at the end.
 */
import type { TestProject } from "vitest/node";
import { startRedis } from "../helpers/redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.close();
}

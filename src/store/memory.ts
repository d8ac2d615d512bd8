/**
 * The default store: every tenant's state in this process. Nothing to set up and nothing to wait for, so the
 * in-memory answers stay synchronous (see `domain/awaitable.ts`).
 */
import { DiskAssetFiles } from "../resources/assets/assets.files.js";
import { MemoryTenantRegistry } from "../tenants/memory-registry.js";
import { MemoryDeliveryQueue } from "../webhooks/memory-queue.js";
import { MemoryWebhookLog } from "../webhooks/webhook-log.js";
import type { BackendContext, StateBackend } from "./backend.js";

/** The in-memory store; its registry is a {@link MemoryTenantRegistry} (the state log replays into it). */
export function createMemoryBackend(context: BackendContext): StateBackend & { readonly tenants: MemoryTenantRegistry; readonly webhookLog: MemoryWebhookLog } {
  const webhookLog = new MemoryWebhookLog();
  const files = new DiskAssetFiles();
  const queue = new MemoryDeliveryQueue(context.scheduler, (apiKey) => tenants.peek(apiKey));
  const tenants: MemoryTenantRegistry = new MemoryTenantRegistry({
    time: context.time,
    scenarios: context.scenarios,
    defaultWebhookSecret: context.defaultWebhookSecret,
    webhookLog,
    files,
    enqueue: (deliveries) => queue.enqueue(deliveries),
  });
  return {
    info: { kind: "memory", location: "this process", available: () => true, unavailable: () => undefined },
    tenants,
    webhookLog,
    queue,
    files,
    startDeliveries: (run) => queue.start(run),
    close: async () => queue.close(),
  };
}

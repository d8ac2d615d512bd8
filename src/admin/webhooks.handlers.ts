/**
 * Admin handlers for the webhook delivery log: list, redeliver, wait.
 */
import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../env.js";
import { apiError } from "../http/errors.js";
import { optionalTenant } from "./admin.handlers.js";
import type { listWebhooksRoute, redeliverWebhookRoute, waitWebhookRoute } from "./admin.routes.js";

const DEFAULT_WAIT_SECONDS = 10;

/** GET /__mock/webhooks. */
export const listWebhooksHandler: RouteHandler<typeof listWebhooksRoute, AppEnv> = async (c) => {
  const tenant = await optionalTenant(c);
  const { jobId, outcome } = c.req.valid("query");
  return c.json({ items: await c.var.deps.webhookLog.list({ tenant: tenant?.apiKey, jobId, outcome }) }, 200);
};

/** POST /__mock/webhooks/{id}/redeliver. */
export const redeliverWebhookHandler: RouteHandler<typeof redeliverWebhookRoute, AppEnv> = async (c) => {
  const { deps } = c.var;
  const tenant = await optionalTenant(c);
  const { id } = c.req.valid("param");
  const previous = await deps.webhookLog.get(id);
  if (!previous || (tenant && previous.tenant !== tenant.apiKey)) throw apiError("delivery_not_found", id);
  const attempt = await deps.webhooks.redeliver(previous);
  if (!attempt) throw apiError("delivery_not_found", id);
  return c.json(attempt, 200);
};

/** GET /__mock/webhooks/wait. */
export const waitWebhookHandler: RouteHandler<typeof waitWebhookRoute, AppEnv> = async (c) => {
  const { deps } = c.var;
  const tenant = await optionalTenant(c);
  const { jobId, outcome, timeout } = c.req.valid("query");
  const seconds = timeout ?? DEFAULT_WAIT_SECONDS;
  const signal = c.req.raw.signal;
  // A wait that never comes due by itself: it ends when a delivery arrives, on timeout, or when the server stops.
  const attempt = await deps.webhookLog.waitFor({ tenant: tenant?.apiKey, jobId, outcome }, async (abort) => {
    await deps.scheduler.waitUntil(Number.POSITIVE_INFINITY, { shiftMs: 0 }, seconds * 1000, AbortSignal.any([abort, signal]));
  });
  if (!attempt) throw apiError("delivery_wait_timeout", `No webhook attempt${jobId ? ` for ${jobId}` : ""} within ${seconds} s`);
  return c.json(attempt, 200);
};

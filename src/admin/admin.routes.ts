/**
 * The admin plane's operations, in one table (as WireMock's AdminRoutes): the mock's own controls, never part
 * of the Sync API document.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import {
  AdminErrorSchema,
  AdminHealthSchema,
  AdvanceClockSchema,
  ClockStateSchema,
  DeliveryAttemptSchema,
  DeliveryListSchema,
  DeliveryQuerySchema,
  ResetResultSchema,
  WaitQuerySchema,
} from "./admin.schemas.js";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = {
  400: json(AdminErrorSchema, "Invalid request"),
  401: json(AdminErrorSchema, "The x-api-key is rejected by the scenario"),
  404: json(AdminErrorSchema, "No such delivery (for this key)"),
  408: json(AdminErrorSchema, "Nothing matching arrived before the timeout"),
};

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "adminHealth",
  summary: "Liveness and a summary of the mock's state",
  responses: { 200: json(AdminHealthSchema, "Healthy") },
});

export const resetRoute = createRoute({
  method: "post",
  path: "/reset",
  operationId: "adminReset",
  summary: "Forget the tenant of x-api-key, or every tenant without one",
  responses: { 200: json(ResetResultSchema, "What was reset"), 401: errors[401] },
});

export const getClockRoute = createRoute({
  method: "get",
  path: "/clock",
  operationId: "adminGetClock",
  summary: "The clock (of the tenant of x-api-key, if given)",
  responses: { 200: json(ClockStateSchema, "Clock state"), 401: errors[401] },
});

export const advanceClockRoute = createRoute({
  method: "post",
  path: "/clock/advance",
  operationId: "adminAdvanceClock",
  summary: "Move time forward for one tenant (x-api-key) or all; returns once everything due has happened",
  request: { body: { required: true, content: { "application/json": { schema: AdvanceClockSchema } } } },
  responses: { 200: json(ClockStateSchema, "Clock state after the advance"), ...errors },
});

export const listWebhooksRoute = createRoute({
  method: "get",
  path: "/webhooks",
  operationId: "adminListWebhooks",
  summary: "Every webhook attempt, newest first (only the key's with x-api-key)",
  request: { query: DeliveryQuerySchema },
  responses: { 200: json(DeliveryListSchema, "Attempts"), 400: errors[400], 401: errors[401] },
});

export const redeliverWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/{id}/redeliver",
  operationId: "adminRedeliverWebhook",
  summary: "Send an attempt's body again, freshly signed; returns the new attempt once it is done",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: json(DeliveryAttemptSchema, "The new attempt"), 401: errors[401], 404: errors[404] },
});

export const waitWebhookRoute = createRoute({
  method: "get",
  path: "/webhooks/wait",
  operationId: "adminWaitWebhook",
  summary: "Long-poll until an attempt matching the filters exists (the newest is returned)",
  request: { query: WaitQuerySchema },
  responses: { 200: json(DeliveryAttemptSchema, "The attempt"), 400: errors[400], 401: errors[401], 408: errors[408] },
});

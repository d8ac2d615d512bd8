/**
 * The admin plane's operations, in one table (as WireMock's AdminRoutes): the mock's own controls, never part
 * of the Sync API document.
 */
import { createRoute } from "@hono/zod-openapi";
import { AdminErrorSchema, AdminHealthSchema, AdvanceClockSchema, ClockStateSchema, ResetResultSchema } from "./admin.schemas.js";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = {
  400: json(AdminErrorSchema, "Invalid request"),
  401: json(AdminErrorSchema, "The x-api-key is rejected by the scenario"),
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

/**
 * The admin plane's operations, in one table (as WireMock's AdminRoutes): the mock's own controls, never part
 * of the Sync API document.
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import {
  AdminErrorSchema,
  AdminJobListSchema,
  JobsQuerySchema,
  JournalEntrySchema,
  TenantListSchema,
  AdminHealthSchema,
  AdvanceClockSchema,
  ClockStateSchema,
  DeliveryAttemptSchema,
  DeliveryListSchema,
  DeliveryQuerySchema,
  JournalQuerySchema,
  JournalSchema,
  ResetResultSchema,
  ScenarioListSchema,
  ScenarioStateSchema,
  WaitQuerySchema,
} from "./admin.schemas.js";
import { StateImportResultSchema, StateSnapshotSchema } from "./state.schema.js";

const json = <T>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = {
  400: json(AdminErrorSchema, "Invalid request"),
  401: json(AdminErrorSchema, "The x-api-key is rejected by the scenario"),
  404: json(AdminErrorSchema, "No such delivery (for this key)"),
  408: json(AdminErrorSchema, "Nothing matching arrived before the timeout"),
  503: json(AdminErrorSchema, "The shared state store (Redis) cannot be reached"),
};

export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "adminHealth",
  summary: "Liveness and a summary of the mock's state",
  responses: { 503: errors[503], 200: json(AdminHealthSchema, "Healthy") },
});

export const resetRoute = createRoute({
  method: "post",
  path: "/reset",
  operationId: "adminReset",
  summary: "Forget the tenant of x-api-key, or every tenant without one",
  responses: { 503: errors[503], 200: json(ResetResultSchema, "What was reset"), 401: errors[401] },
});

export const getClockRoute = createRoute({
  method: "get",
  path: "/clock",
  operationId: "adminGetClock",
  summary: "The clock (of the tenant of x-api-key, if given)",
  responses: { 503: errors[503], 200: json(ClockStateSchema, "Clock state"), 401: errors[401] },
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
  responses: { 503: errors[503], 200: json(DeliveryListSchema, "Attempts"), 400: errors[400], 401: errors[401] },
});

export const redeliverWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/{id}/redeliver",
  operationId: "adminRedeliverWebhook",
  summary: "Send an attempt's body again, freshly signed; returns the new attempt once it is done",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 503: errors[503], 200: json(DeliveryAttemptSchema, "The new attempt"), 401: errors[401], 404: errors[404] },
});

export const waitWebhookRoute = createRoute({
  method: "get",
  path: "/webhooks/wait",
  operationId: "adminWaitWebhook",
  summary: "Long-poll until an attempt matching the filters exists (the newest is returned)",
  request: { query: WaitQuerySchema },
  responses: { 503: errors[503], 200: json(DeliveryAttemptSchema, "The attempt"), 400: errors[400], 401: errors[401], 408: errors[408] },
});

export const listRequestsRoute = createRoute({
  method: "get",
  path: "/requests",
  operationId: "adminListRequests",
  summary: "The request journal, newest first (only the key's with x-api-key); capped per key",
  request: { query: JournalQuerySchema },
  responses: { 503: errors[503], 200: json(JournalSchema, "Requests"), 400: errors[400], 401: errors[401] },
});

export const getScenarioRoute = createRoute({
  method: "get",
  path: "/scenario",
  operationId: "adminGetScenario",
  summary: "The scenario in force (for the key of x-api-key, if given)",
  responses: { 503: errors[503], 200: json(ScenarioStateSchema, "The scenario"), 401: errors[401] },
});

export const putScenarioRoute = createRoute({
  method: "put",
  path: "/scenario",
  operationId: "adminPutScenario",
  summary: "Put a scenario in force: for the key of x-api-key only, or for the server; a bad one is refused and changes nothing",
  request: {
    body: {
      required: true,
      description: "A scenario file's text, YAML or JSON (see scenarios/scenario.schema.json)",
      content: { "application/yaml": { schema: z.string() }, "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
  },
  responses: { 503: errors[503], 200: json(ScenarioStateSchema, "Now in force"), 400: errors[400], 401: errors[401], 413: json(AdminErrorSchema, "Over 1 MB") },
});

export const deleteScenarioRoute = createRoute({
  method: "delete",
  path: "/scenario",
  operationId: "adminDeleteScenario",
  summary: "Drop the key's own scenario (with x-api-key), or go back to the start-up scenario (without)",
  responses: { 503: errors[503], 200: json(ScenarioStateSchema, "Now in force"), 401: errors[401] },
});

export const listScenariosRoute = createRoute({
  method: "get",
  path: "/scenarios",
  operationId: "adminListScenarios",
  summary: "The named scenarios a request can pick with the x-mock-scenario header",
  responses: { 503: errors[503], 200: json(ScenarioListSchema, "Scenarios") },
});

export const getRequestRoute = createRoute({
  method: "get",
  path: "/requests/{id}",
  operationId: "adminGetRequest",
  summary: "One journalled request by its request id (headers without credentials, body, answer)",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 503: errors[503], 200: json(JournalEntrySchema, "The request"), 401: errors[401], 404: json(AdminErrorSchema, "Not in the journal (never made, or pushed out)") },
});

export const listJobsRoute = createRoute({
  method: "get",
  path: "/jobs",
  operationId: "adminListJobs",
  summary: "Generations and batches, newest first, with status on each key's clock and their planned timeline (only the key's with x-api-key)",
  request: { query: JobsQuerySchema },
  responses: { 503: errors[503], 200: json(AdminJobListSchema, "Jobs"), 400: errors[400], 401: errors[401] },
});

export const listTenantsRoute = createRoute({
  method: "get",
  path: "/tenants",
  operationId: "adminListTenants",
  summary: "The API keys the mock has seen, with plan, clock and scenario in force",
  responses: { 503: errors[503], 200: json(TenantListSchema, "Keys"), 401: errors[401] },
});

export const eventsRoute = createRoute({
  method: "get",
  path: "/events",
  operationId: "adminEvents",
  summary: "A server-sent events stream of what happens from now on: requests, webhook attempts, clock moves, scenario changes, resets",
  description:
    "Events (`event:` names): `ready` once connected; `request` per journalled request (a journal entry without headers or bodies; " +
    "its `id:` is the entry's seq); `webhook` per delivery attempt (without bodies); `clock`, `scenario` and `reset` when the admin plane " +
    "changes them (`tenant` null: every key); `overflow` when more than 50 requests came between two writes (read the journal for the " +
    "`missed` ones). Writes are gathered: at most one per stream every 250 ms. A client that reconnects starts again from now. " +
    "The events are this process's (with several replicas, each streams its own).",
  request: {
    query: z.object({
      apiKey: z.string().optional().openapi({ description: "Only this key's events (and every key's clock, scenario and reset). EventSource cannot send headers; x-api-key works too." }),
    }),
  },
  responses: { 200: { description: "The stream", content: { "text/event-stream": { schema: z.string() } } }, 401: errors[401] },
});

export const getStateRoute = createRoute({
  method: "get",
  path: "/state",
  operationId: "adminGetState",
  summary: "Export the world of the key of x-api-key, or the whole mock's, as a state snapshot",
  description:
    "Generations (batch items included), batches, assets' metadata (not their bytes), each key's clock and scenario, and its webhook " +
    "attempts; with no x-api-key, every key and the server's scenario. Not kept: the request journal, rule use counts (`once`, `times`) " +
    "and rate windows.",
  responses: { 503: errors[503], 200: json(StateSnapshotSchema, "The snapshot (JSON Schema: /__mock/state/schema)"), 401: errors[401] },
});

export const putStateRoute = createRoute({
  method: "put",
  path: "/state",
  operationId: "adminPutState",
  summary: "Import a state snapshot; one that does not fit the schema is refused whole and changes nothing",
  description:
    "Scope `all` (and no x-api-key): the whole mock is reset, then rebuilt. Scope `tenant`: each key listed is reset, then rebuilt, and the " +
    "others are left alone. With x-api-key, the snapshot's one tenant is imported as that key (a fresh key per test, a known world in it). " +
    "Each key's clock starts at the snapshot's `now`; jobs whose webhooks had not been settled send them when due.",
  request: { body: { required: true, content: { "application/json": { schema: StateSnapshotSchema } } } },
  responses: {
    503: errors[503],
    200: json(StateImportResultSchema, "What was imported"),
    400: errors[400],
    401: errors[401],
    413: json(AdminErrorSchema, "Over 128 MB"),
  },
});

export const getStateSchemaRoute = createRoute({
  method: "get",
  path: "/state/schema",
  operationId: "adminGetStateSchema",
  summary: "The JSON Schema of state snapshots (also openapi/state.schema.json in the package)",
  responses: { 200: json(z.record(z.string(), z.unknown()), "A JSON Schema (draft 2020-12)") },
});

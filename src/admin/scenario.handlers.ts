/**
 * Admin handlers for scenarios and the request journal.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.js";
import { apiError, validationError } from "../http/errors.js";
import { readLimited } from "../http/json-body.js";
import { parseScenario, ScenarioError } from "../scenarios/load.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { Tenant } from "../tenants/tenant.js";
import { optionalTenant } from "./admin.handlers.js";
import { setScenario } from "./operations.js";
import { JournalQuerySchema } from "./admin.schemas.js";
import { parseOr400 } from "../http/validation.js";

const SCENARIO_BODY_LIMIT = 1024 * 1024;

function scenarioState(c: Context<AppEnv>, tenant: Tenant | undefined) {
  const scenario = tenant?.scenarioOverride ?? c.var.deps.scenario();
  return { scope: tenant?.scenarioOverride ? ("tenant" as const) : ("server" as const), scenario: scenario as unknown as Record<string, unknown> };
}

/** GET /__mock/scenario. */
export async function getScenarioHandler(c: Context<AppEnv>) {
  return c.json(scenarioState(c, await optionalTenant(c)), 200);
}

/** PUT /__mock/scenario: YAML or JSON text; refused whole (400, nothing changes) when it is not a valid scenario. */
export async function putScenarioHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  const tenant = await optionalTenant(c);
  const text = await readLimited(c, SCENARIO_BODY_LIMIT);
  let scenario: Scenario;
  try {
    scenario = parseScenario(text, "scenario");
  } catch (error) {
    if (error instanceof ScenarioError) throw validationError([error.message]);
    throw error;
  }
  await setScenario(deps, tenant, scenario);
  return c.json(scenarioState(c, tenant), 200);
}

/** DELETE /__mock/scenario. */
export async function deleteScenarioHandler(c: Context<AppEnv>) {
  const tenant = await optionalTenant(c);
  await setScenario(c.var.deps, tenant, null);
  return c.json(scenarioState(c, tenant), 200);
}

/** GET /__mock/scenarios. */
export function listScenariosHandler(c: Context<AppEnv>) {
  const { scenarios } = c.var.deps;
  const items = scenarios.names().map((name) => ({ name, description: scenarios.named(name)?.description ?? null }));
  return c.json({ items }, 200);
}

/** GET /__mock/requests/{id}. */
export async function getRequestHandler(c: Context<AppEnv>) {
  const tenant = await optionalTenant(c);
  const id = c.req.param("id") ?? "";
  const entry = c.var.deps.journal.get(id);
  if (!entry || (tenant && entry.tenant !== tenant.apiKey)) throw apiError("journal_entry_not_found", id);
  return c.json(entry, 200);
}

/** GET /__mock/requests. */
export async function listRequestsHandler(c: Context<AppEnv>) {
  const tenant = await optionalTenant(c);
  const query = parseOr400(JournalQuerySchema, c.req.query(), "query");
  return c.json({ items: c.var.deps.journal.list(tenant?.apiKey, query) }, 200);
}

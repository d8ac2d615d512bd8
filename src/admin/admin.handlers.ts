/**
 * Handlers of the admin plane.
 */
import type { Context } from "hono";
import { isoTime } from "../domain/clock.js";
import type { AppEnv } from "../env.js";
import { apiError, validationError } from "../http/errors.js";
import { readValidJson } from "../http/json-body.js";
import { API_KEY_HEADER } from "../http/middleware/auth.js";
import type { Tenant } from "../tenants/tenant.js";
import { VERSION } from "../version.js";
import { AdvanceClockSchema } from "./admin.schemas.js";
import { resetState, shiftClock } from "./operations.js";

const ADMIN_BODY_LIMIT = 1024 * 1024;

/**
 * The tenant named by `x-api-key`, if one is given (401 if the scenario rejects it); without one, what every
 * tenant shares is brought up to date (another replica may have moved it).
 */
export async function optionalTenant(c: Context<AppEnv>): Promise<Tenant | undefined> {
  const key = c.req.header(API_KEY_HEADER);
  const { tenants } = c.var.deps;
  if (!key) {
    await tenants.refresh();
    return undefined;
  }
  const tenant = await tenants.resolve(key);
  if (!tenant) throw apiError("invalid_api_key");
  return tenant;
}

function clockState(c: Context<AppEnv>, tenant: Tenant | undefined) {
  const { time } = c.var.deps;
  return {
    mode: time.base.mode,
    now: isoTime(tenant ? tenant.now() : time.now(0)),
    globalShiftMs: time.globalShiftMs,
    ...(tenant ? { tenant: { apiKey: tenant.apiKey, shiftMs: tenant.shiftMs } } : {}),
  };
}

/** GET /__mock/health. */
export async function healthHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  await deps.tenants.refresh();
  return c.json(
    {
      status: "ok" as const,
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      clock: deps.time.base.mode,
      scenario: deps.scenario().name,
      tenants: await deps.tenants.count(),
      store: { kind: deps.store.kind, location: deps.store.location },
    },
    200,
  );
}

/** POST /__mock/reset. */
export async function resetHandler(c: Context<AppEnv>) {
  const key = c.req.header(API_KEY_HEADER);
  const removed = await resetState(c.var.deps, key || undefined);
  return c.json({ scope: key ? ("tenant" as const) : ("all" as const), tenantsRemoved: removed }, 200);
}

/** GET /__mock/clock. */
export async function getClockHandler(c: Context<AppEnv>) {
  return c.json(clockState(c, await optionalTenant(c)), 200);
}

/** POST /__mock/clock/advance: moves time, then waits for everything that became due. */
export async function advanceClockHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  const tenant = await optionalTenant(c);
  const body = await readValidJson(c, AdvanceClockSchema, ADMIN_BODY_LIMIT);
  if (body.to !== undefined) {
    if (!tenant) throw validationError(["to needs an x-api-key (use ms to move every tenant)"]);
    const delta = Date.parse(body.to) - tenant.now();
    if (delta < 0) throw validationError([`to (${body.to}) is before the tenant's current time (${isoTime(tenant.now())}); time only moves forward`]);
    await shiftClock(deps, tenant, delta);
  } else {
    await shiftClock(deps, tenant, body.ms!);
  }
  await deps.queue.runDue();
  return c.json(clockState(c, tenant), 200);
}

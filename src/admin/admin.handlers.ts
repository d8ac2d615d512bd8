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

/** The tenant named by `x-api-key`, if one is given (401 if the scenario rejects it). */
export function optionalTenant(c: Context<AppEnv>): Tenant | undefined {
  const key = c.req.header(API_KEY_HEADER);
  if (!key) return undefined;
  const tenant = c.var.deps.tenants.resolve(key);
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
export function healthHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  return c.json(
    {
      status: "ok" as const,
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      clock: deps.time.base.mode,
      scenario: deps.scenario().name,
      tenants: deps.tenants.size,
    },
    200,
  );
}

/** POST /__mock/reset. */
export function resetHandler(c: Context<AppEnv>) {
  const key = c.req.header(API_KEY_HEADER);
  const removed = resetState(c.var.deps, key || undefined);
  return c.json({ scope: key ? ("tenant" as const) : ("all" as const), tenantsRemoved: removed.length }, 200);
}

/** GET /__mock/clock. */
export function getClockHandler(c: Context<AppEnv>) {
  return c.json(clockState(c, optionalTenant(c)), 200);
}

/** POST /__mock/clock/advance: moves time, then waits for everything that became due. */
export async function advanceClockHandler(c: Context<AppEnv>) {
  const { deps } = c.var;
  const tenant = optionalTenant(c);
  const body = await readValidJson(c, AdvanceClockSchema, ADMIN_BODY_LIMIT);
  if (body.to !== undefined) {
    if (!tenant) throw validationError(["to needs an x-api-key (use ms to move every tenant)"]);
    const delta = Date.parse(body.to) - tenant.now();
    if (delta < 0) throw validationError([`to (${body.to}) is before the tenant's current time (${isoTime(tenant.now())}); time only moves forward`]);
    shiftClock(deps, tenant, delta);
  } else {
    shiftClock(deps, tenant, body.ms!);
  }
  await deps.scheduler.runDue();
  return c.json(clockState(c, tenant), 200);
}

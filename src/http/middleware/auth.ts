/**
 * API-key authentication: the key names the tenant (contract §2). Applied per route, so unknown routes answer
 * 404 whether or not a key is sent.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env.js";
import { apiError } from "../errors.js";
import { requestHeader } from "../request-header.js";

/** The header that carries the key. */
export const API_KEY_HEADER = "x-api-key";

/** Resolves `x-api-key` to its tenant, or answers one of the real API's two 401 bodies. */
export const requireTenant: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = requestHeader(c, API_KEY_HEADER);
  if (!key) throw apiError("missing_api_key");
  const tenant = c.get("deps").tenants.resolve(key); // c.get: the c.var getter copies every variable
  if (!tenant) throw apiError("invalid_api_key");
  c.set("tenant", tenant);
  await next();
};

/**
 * The Hono environment of the app: what middleware puts on the context for handlers.
 */
import type { HttpBindings } from "@hono/node-server";
import type { AppDeps } from "./deps.js";
import type { Tenant } from "./tenants/tenant.js";

/** Context variables. `tenant` is set by the auth middleware on authenticated routes only. */
export interface AppVariables {
  deps: AppDeps;
  tenant: Tenant;
  requestId: string;
}

/** The app's Hono environment (Node bindings are present when served by @hono/node-server). */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: AppVariables;
}

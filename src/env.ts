/**
 * The Hono environment of the app: what middleware puts on the context for handlers.
 */
import type { HttpBindings } from "@hono/node-server";
import type { AppDeps } from "./services.js";
import type { Scenario } from "./scenarios/scenario.schema.js";
import type { Tenant } from "./tenants/tenant.js";

/**
 * Context variables. `tenant` and `scenario` are set by the auth middleware on authenticated routes only;
 * `rule`, `journalBody` and `journalJson` are notes for the request journal.
 */
export interface AppVariables {
  deps: AppDeps;
  tenant: Tenant;
  /** The scenario in force for this request: the `x-mock-scenario` header's, the key's override, or the server's. */
  scenario: Scenario;
  requestId: string;
  /** The scenario rule that changed this request's answer or the job it created. */
  rule: string | undefined;
  /** The request body as the journal should show it (set by the body readers). */
  journalBody: unknown;
  /** A JSON body as its text, for the journal to parse when read (kept instead of `journalBody`: one string). */
  journalJson: string;
}

/** The app's Hono environment (Node bindings are present when served by @hono/node-server). */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: AppVariables;
}

/**
 * `GET /v2/organizations/webhook/secret`: the secret the key's webhooks are signed with (facts §7: one secret per
 * organization; a key is its own organization in the mock, and a scenario may give it its own secret).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.js";
import { errorResponses } from "../../http/errors.js";
import { requireTenant } from "../../http/middleware/auth.js";
import { API_KEY_SECURITY } from "../../http/openapi.js";

export const webhookSecretRoute = createRoute({
  method: "get",
  path: "/v2/organizations/webhook/secret",
  operationId: "OrganizationsController_getWebhookSecret",
  tags: ["Organizations API"],
  summary: "The secret that signs this organization's webhooks (the Sync-Signature HMAC key)",
  security: API_KEY_SECURITY,
  middleware: [requireTenant] as const,
  responses: {
    200: {
      description: "The signing secret",
      // Deviation: the real answer's shape is not published (only that it carries the whsec_… secret); the mock answers {secret}.
      content: { "application/json": { schema: z.object({ secret: z.string().openapi({ example: "whsec_mock" }) }).openapi("WebhookSecret") } },
    },
    ...errorResponses("missing_api_key", "invalid_api_key", "unknown_scenario", "rate_limit_exceeded", "internal_error"),
  },
});

/** Adds the Organizations API to `app`. */
export function mountOrganizations(app: OpenAPIHono<AppEnv>): void {
  app.openapi(webhookSecretRoute, (c) => c.json({ secret: c.get("tenant").webhookSecret }, 200));
}

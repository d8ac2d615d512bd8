/**
 * `--admin-token`: when the mock is started with one, every `/__mock` route needs it, so a mock shared by a
 * team (a staging environment) cannot be reset or have its clock moved by whoever reaches it. `/v2` is not
 * affected: its keys are the real API's concern. Accepted as the `x-mock-admin-token` header, as
 * `Authorization: Bearer <token>`, or as the `sync_mock_admin` cookie (which a browser page can carry).
 */
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../../env.js";
import { apiError } from "../errors.js";

/** The cookie that carries the admin token. */
export const ADMIN_COOKIE = "sync_mock_admin";

function presented(c: Context<AppEnv>): string | undefined {
  const header = c.req.header("x-mock-admin-token");
  if (header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (bearer) return bearer.trim();
  const cookie = (c.req.header("cookie") ?? "").split(";").map((part) => part.trim().split("="));
  const found = cookie.find(([name]) => name === ADMIN_COOKIE)?.[1];
  return found ? decodeURIComponent(found) : undefined;
}

/** Whether `given` is `token` (compared in constant time, so a wrong guess does not tell how close it was). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Answers 401 to an admin request without the token `token`: Sync's error body, or what `loginForm` gives for
 * a request it claims (a browser asking for the inspector page gets a form instead of JSON).
 */
export function requireAdminToken(token: string, loginForm?: { wants(c: Context<AppEnv>): boolean; answer(c: Context<AppEnv>): Response }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!tokenMatches(presented(c), token)) {
      if (loginForm?.wants(c)) return loginForm.answer(c);
      throw apiError("admin_token_required");
    }
    await next();
  };
}

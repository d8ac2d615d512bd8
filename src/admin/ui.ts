/**
 * The inspector page at `/__mock/ui`: a page shell and the bundle `npm run build` makes of `ui/src` (in
 * `dist/ui`, shipped in the package and the image), so it works with no network. With `--admin-token` the
 * page needs the token like every admin route; a browser without it gets a login form that sets the cookie.
 */
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.js";
import { staticFiles } from "../http/static-files.js";
import { ADMIN_COOKIE, tokenMatches } from "../http/middleware/admin-token.js";
import { PACKAGE_ROOT_URL } from "../package-root.js";

/** Where the page is. */
export const UI_PATH = "/__mock/ui";

const UI_DIR = new URL("dist/ui/", PACKAGE_ROOT_URL);
const ASSETS: Readonly<Record<string, string>> = {
  "inspector.js": "text/javascript; charset=utf-8",
  "inspector.js.map": "application/json",
  "inspector.css": "text/css; charset=utf-8",
};

// `data:,` as the icon: without one the browser asks for /favicon.ico, and its 404 is a console error.
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>sync-mock inspector</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${UI_PATH}/assets/inspector.css">
</head>
<body>
  <div id="app"></div>
  <noscript>The inspector needs JavaScript; the admin API (/__mock/openapi.json) works without it.</noscript>
  <script type="module" src="${UI_PATH}/assets/inspector.js"></script>
</body>
</html>`;

function loginPage(wrong: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>sync-mock inspector: sign in</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <style>body{font:15px/1.5 system-ui,sans-serif;color:#1b1f24;max-width:28rem;margin:4rem auto;padding:0 1rem}
  input,button{font:inherit;padding:.4rem .6rem}button{background:#0b5cad;color:#fff;border:0;border-radius:6px}
  .error{color:#a40e26}</style>
</head>
<body>
  <main>
    <h1>sync-mock inspector</h1>
    <p>This mock was started with an admin token (<code>--admin-token</code>). Enter it to open the inspector.</p>
    ${wrong ? '<p class="error" role="alert">That is not the admin token.</p>' : ""}
    <form method="post" action="${UI_PATH}/login">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
  </main>
</body>
</html>`;
}

/** The login form, as the answer to a browser that asks for the page without the token. */
export function loginAnswer(c: Context<AppEnv>, wrong = false): Response {
  return c.html(loginPage(wrong), 401);
}

/** Whether a request without the token is a browser asking for the page (it gets the login form, not JSON). */
export function wantsLoginForm(c: Context<AppEnv>): boolean {
  return c.req.method === "GET" && (c.req.path === UI_PATH || c.req.path === `${UI_PATH}/`) && (c.req.header("accept") ?? "").includes("text/html");
}

/**
 * `POST /__mock/ui/login`, mounted before the token check: with the right token, sets the cookie (HttpOnly,
 * for /__mock only) and goes to the page; with a wrong one, the form again, 401.
 */
export function mountLogin(app: Hono<AppEnv>, token: string): void {
  app.post(`${UI_PATH}/login`, async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = typeof form["token"] === "string" ? form["token"] : undefined;
    if (!tokenMatches(given, token)) return loginAnswer(c, true);
    c.header("Set-Cookie", `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/__mock; HttpOnly; SameSite=Strict`);
    return c.redirect(UI_PATH, 303);
  });
}

/** Adds the page and its assets to the admin app (paths relative to /__mock). */
export function mountInspector(admin: Hono<AppEnv>): void {
  admin.get("/ui", (c) => c.html(PAGE));
  admin.get(
    "/ui/assets/:file",
    staticFiles({ dir: UI_DIR, types: ASSETS, cacheControl: "no-cache", missing: "The inspector is not built here: run `npm run build` (it writes dist/ui)." }),
  );
}

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../env.js";
import { staticFiles } from "./static-files.js";

function appWith(missing?: string) {
  const dir = mkdtempSync(join(tmpdir(), "sync-mock-static-"));
  writeFileSync(join(dir, "page.js"), "console.log(1);\n");
  const app = new Hono<AppEnv>();
  app.get("/files/:file", staticFiles({ dir, types: { "page.js": "text/javascript", "gone.css": "text/css" }, cacheControl: "no-cache", ...(missing ? { missing } : {}) }));
  app.onError((_error, c) => c.text("failed", 500));
  return { app, dir };
}

describe("staticFiles", () => {
  it("serves a listed file with its type and cache policy, read once and kept", async () => {
    const { app, dir } = appWith();
    const first = await app.request("/files/page.js");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/javascript");
    expect(first.headers.get("cache-control")).toBe("no-cache");
    expect(await first.text()).toBe("console.log(1);\n");
    writeFileSync(join(dir, "page.js"), "changed");
    expect(await (await app.request("/files/page.js")).text()).toBe("console.log(1);\n");
  });

  it("answers 404 for a name it does not list, even one that exists beside them", async () => {
    const { app, dir } = appWith();
    writeFileSync(join(dir, "secret.txt"), "no");
    expect((await app.request("/files/secret.txt")).status).toBe(404);
  });

  it("answers a listed file that is not there with its missing text, or fails without one", async () => {
    const withText = await appWith("run the build").app.request("/files/gone.css");
    expect(withText.status).toBe(404);
    expect(await withText.text()).toBe("run the build");
    expect((await appWith().app.request("/files/gone.css")).status).toBe(500);
  });
});

/**
 * sync-mock as another project installs it: `npm pack`, install the tarball into an empty project, then
 * `npx sync-mock` (the README's npx path) and `sync-mock/testing` from there.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "sync-mock-consumer-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", project], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(project, tarball)], { cwd: project, stdio: "ignore" });
}, 180_000);


describe("the npm package", () => {
  it("runs as the installed sync-mock command and serves the API, the docs and the admin plane", async () => {
    // The bin itself rather than through npx, so that SIGTERM reaches the server and not a wrapper around it.
    const bin = join(project, "node_modules", ".bin", "sync-mock");
    const child = spawn(bin, ["--port", "0", "--host", "127.0.0.1", "--log-level", "silent"], { cwd: project, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [first] = (await once(child.stdout, "data")) as [Buffer];
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(first.toString())![1];
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
      expect((await fetch(`${base}/__mock/scenarios`).then((r) => r.json())) as unknown).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ name: "failures" })]) });
      const created = await fetch(`${base}/v2/generate`, {
        method: "POST",
        headers: { "x-api-key": "k", "content-type": "application/json", "x-mock-scenario": "instant" },
        body: JSON.stringify({ model: "lipsync-2", input: [{ type: "video", url: "https://a.test/v.mp4" }, { type: "audio", url: "https://a.test/a.wav" }] }),
      }).then((r) => r.json() as Promise<{ id: string }>);
      const done = await fetch(`${base}/v2/generate/${created.id}`, { headers: { "x-api-key": "k" } }).then((r) => r.json() as Promise<{ outputUrl: string }>);
      expect((await fetch(done.outputUrl)).headers.get("content-type")).toBe("video/mp4");
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("prints its version with npx sync-mock --version", () => {
    const version = execFileSync("npx", ["--no-install", "sync-mock", "--version"], { cwd: project, encoding: "utf8" }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("offers sync-mock/testing to the project's tests", () => {
    writeFileSync(
      join(project, "check.mjs"),
      'import { startSyncMock } from "sync-mock/testing";\nconst m = await startSyncMock({ clock: "manual" });\nconsole.log((await m.admin.health()).status);\nawait m.close();\n',
    );
    expect(execFileSync(process.execPath, ["check.mjs"], { cwd: project, encoding: "utf8" }).trim()).toBe("ok");
  });

  it("keeps testcontainers and vitest optional peers: not installed with it, and named by sync-mock/testcontainers", () => {
    // Users who never start a container get neither; the container entry says what it needs when imported.
    expect(existsSync(join(project, "node_modules", "testcontainers"))).toBe(false);
    expect(existsSync(join(project, "node_modules", "vitest"))).toBe(false);
    writeFileSync(join(project, "containers.mjs"), 'try { await import("sync-mock/testcontainers"); } catch (e) { console.log(e.message); }\n');
    expect(execFileSync(process.execPath, ["containers.mjs"], { cwd: project, encoding: "utf8" })).toMatch(/^Cannot find package 'testcontainers' imported from .*dist\/testcontainers\/container\.js/);
  });

  it("bundles zod's English messages only into the command", () => {
    // The other languages were 358 KB of the 1.6 MB dist/cli.js, compiled at every start (scripts/bundle-cli.mjs).
    const bundle = readFileSync(join(ROOT, "dist", "cli.js"), "utf8");
    const locales = [...bundle.matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(\S+)$/gm)].map((m) => m[1]);
    expect(locales).toEqual(["en.js"]);
  });
});

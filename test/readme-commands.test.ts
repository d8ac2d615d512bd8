/**
 * The README's shell commands, run as a reader would: `npm start` (with flags after --), and every `curl`
 * against a live mock (only host and port are pointed at it). Docker commands are exercised by
 * scripts/docker-smoke.sh, the Python ones by test/python, the npm scripts by CI.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchLines, jsonl } from "./helpers/batch.js";
import { startChildMock, type ChildMock } from "./helpers/child-mock.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const shellBlocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
/** Each curl command (continuation lines joined), comments dropped. */
const curls = shellBlocks
  .flatMap((block) => block.replace(/\\\n\s*/g, "").split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => line.startsWith("curl "));

let mock: ChildMock;
let cwd: string;
beforeAll(async () => {
  mock = await startChildMock(["--log-level", "silent"]);
  cwd = mkdtempSync(join(tmpdir(), "sync-mock-readme-"));
  writeFileSync(join(cwd, "input.jsonl"), jsonl(batchLines(20))); // the file the README's batch example names
});
afterAll(() => mock.stop());

describe("README commands", () => {
  it("has curl examples", () => {
    expect(curls.length).toBeGreaterThanOrEqual(4);
  });

  it.each(curls.map((c) => [c]))("%s", (command) => {
    const pointed = command.replace(/(http:\/\/)?localhost:8080/g, mock.url);
    const out = execFileSync("bash", ["-c", `${pointed} -sS -w '\\n%{http_code}'`], { cwd, encoding: "utf8" }).trim().split("\n");
    const status = Number(out.pop());
    expect(status, out.join("\n")).toBeGreaterThanOrEqual(200);
    expect(status, out.join("\n")).toBeLessThan(300);
    expect(() => JSON.parse(out.join("\n"))).not.toThrow();
  });

  it("npm start runs the built server, flags after --", async () => {
    const child = spawn("npm", ["start", "--silent", "--", "--port", "0", "--host", "127.0.0.1", "--log-level", "silent", "--clock", "manual"], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [first] = (await once(child.stdout, "data")) as [Buffer];
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(first.toString())?.[1];
      expect(port).toBeDefined();
      expect(await (await fetch(`http://127.0.0.1:${port}/__mock/health`)).json()).toMatchObject({ status: "ok", clock: "manual" });
    } finally {
      process.kill(-child.pid!, "SIGTERM"); // npm and the server it started
      await once(child, "exit");
    }
  });
});

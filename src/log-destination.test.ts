import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Runs `code` in a child Node (with tsx) and returns what it wrote to stdout. */
function stdoutOf(code: string): string {
  const child = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

describe("batchedStdout", () => {
  it("writes every line, in order, one JSON object each", () => {
    const code = 'import("./src/logger.ts").then(({ createLogger }) => { const l = createLogger("info", { pretty: false }); for (let i = 1; i <= 3; i++) l.info({ i }, "line"); })';
    const lines = stdoutOf(code).trim().split("\n").map((line) => JSON.parse(line) as { i: number; msg: string });
    expect(lines.map((l) => [l.i, l.msg])).toEqual([[1, "line"], [2, "line"], [3, "line"]]);
  });

  it("writes the lines gathered so far when the process exits before the turn ends", () => {
    const code = 'import("./src/logger.ts").then(({ createLogger }) => { const l = createLogger("info", { pretty: false }); l.info("first"); l.warn("last"); process.exit(0); })';
    expect(stdoutOf(code).trim().split("\n").map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["first", "last"]);
  });
});

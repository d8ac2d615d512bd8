import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

describe("createLogger", () => {
  it("writes JSON lines when not on a terminal", () => {
    const logger = createLogger("info", { pretty: false });
    expect(logger.level).toBe("info");
    expect(logger.bindings()).toMatchObject({ service: "sync-mock" });
  });

  it("honours the level, silent included", () => {
    expect(createLogger("warn", { pretty: false }).isLevelEnabled("info")).toBe(false);
    expect(createLogger("silent", { pretty: false }).isLevelEnabled("fatal")).toBe(false);
  });

  it("prints readable lines on a terminal, not JSON", async () => {
    // `script` gives the child a pseudo-terminal, as a developer's shell would.
    const code = 'import("./src/logger.ts").then(({ createLogger }) => createLogger("info").info({ requestId: "r-1" }, "request"))';
    const child = spawn("script", ["-qec", `${process.execPath} --import tsx -e '${code}'`, "/dev/null"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await once(child, "exit");
    const text = out.replace(/\u001b\[[0-9;]*m/g, "");
    expect(text).toMatch(/INFO: request/);
    expect(text).toMatch(/requestId: "r-1"/);
    expect(text.trimStart().startsWith("{")).toBe(false);
  });
});

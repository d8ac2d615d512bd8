/**
 * The layering rules of ARCHITECTURE.md, enforced.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, "utf8") }));
const imports = (text: string) => [...text.matchAll(/^import[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]!);

describe("architecture", () => {
  it("keeps src/domain pure: no Hono, no Node modules, nothing from the layers above", () => {
    for (const file of files.filter((f) => f.path.startsWith("domain/"))) {
      for (const spec of imports(file.text)) {
        expect(spec.startsWith("./") || spec === "zod", `${file.path} imports ${spec}`).toBe(true);
      }
    }
  });

  it("reads the wall clock only in the clock, and sets timers only in the scheduler", () => {
    for (const file of files) {
      if (!["domain/clock.ts", "domain/scheduler.ts"].includes(file.path)) {
        expect(file.text, `${file.path} reads the wall clock`).not.toMatch(/Date\.now\(\)|new Date\(\)/);
        expect(file.text, `${file.path} sets a timer`).not.toMatch(/\bset(Timeout|Interval|Immediate)\(/);
      }
    }
  });

  it("builds error bodies only in the error module", () => {
    for (const file of files.filter((f) => f.path !== "http/errors.ts")) {
      expect(file.text, `${file.path} builds an error body by hand`).not.toMatch(/statusCode:\s*\d{3}/);
    }
  });

  it("keeps source files small", () => {
    for (const file of files) expect(file.text.split("\n").length, file.path).toBeLessThanOrEqual(350);
  });
});

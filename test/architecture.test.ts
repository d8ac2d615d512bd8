/**
 * The layering rules of ARCHITECTURE.md, enforced.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
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

/** Every circle of imports among the source files (each one listed from some file back to itself). */
function importCycles(): string[][] {
  const known = new Set(files.map((f) => f.path));
  const edges = new Map(
    files.map((f) => [
      f.path,
      [...f.text.matchAll(/^(?:import|export)[^;]*?from\s+"(\.[^"]+)"/gms)]
        .map((m) => posix.normalize(posix.join(posix.dirname(f.path), m[1]!.replace(/\.js$/, ".ts"))))
        .filter((target) => known.has(target)),
    ]),
  );
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (path: string, trail: string[]) => {
    const at = trail.indexOf(path);
    if (at >= 0) return void cycles.push([...trail.slice(at), path]);
    if (done.has(path)) return;
    for (const next of edges.get(path) ?? []) visit(next, [...trail, path]);
    done.add(path);
  };
  for (const path of edges.keys()) visit(path, []);
  return cycles;
}

describe("architecture", () => {
  it("has no import circles (the composition root, deps.ts, is imported by nothing it builds)", () => {
    expect(importCycles()).toEqual([]);
    const rootImporters = files.filter((f) => imports(f.text).some((spec) => spec.endsWith("/deps.js") || spec === "./deps.js"));
    expect(rootImporters.map((f) => f.path).sort()).toEqual(["server.ts"]);
  });

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

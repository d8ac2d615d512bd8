/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and prints where the time went: the hottest functions by
 * self time, and self time added up per package (or per file of our own code).
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/cli.js --port 8080 --clock manual   # load it, then Ctrl-C
 *   npx tsx bench/top-frames.ts /tmp/prof/CPU.*.cpuprofile [count]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `hono`, `@hono/node-server`, `src/…` file, or `node:…` — what a frame's time is charged to. */
function owner(url: string): string {
  if (!url) return "(native / V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(dist|src|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.replace(/^file:\/\//, "");
}

function main(): void {
  const [path, countArg] = process.argv.slice(2);
  if (!path) throw new Error("usage: tsx bench/top-frames.ts FILE.cpuprofile [count]");
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // Idle time is the process waiting for work (or for the load to start): not a cost.
    if (byId.get(id)!.callFrame.functionName === "(idle)") return;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const frame = `${functionName || "(anonymous)"}  ${owner(url)}:${lineNumber + 1}`;
    frames.set(frame, (frames.get(frame) ?? 0) + micros);
    owners.set(owner(url), (owners.get(owner(url)) ?? 0) + micros);
  }
  const print = (title: string, map: Map<string, number>, count: number) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${(micros / 1000).toFixed(1).padStart(9)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`${(total / 1000).toFixed(0)} ms sampled, not counting idle`);
  print("self time by function", frames, Number(countArg ?? 25));
  print("self time by package / file", owners, 15);
}

main();

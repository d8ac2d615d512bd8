/**
 * The host side of scripts/docker-smoke.sh: what a developer's machine (or an app's container) does against the
 * running image, plus reading docker-compose.example.yml so the smoke runs the service as written there.
 * Each check prints one `ok:` line; the first failure prints `not ok:` and exits 1.
 *
 *   tsx scripts/docker/smoke-client.ts generation <base-url>                 SDK: create → COMPLETED → MP4 download
 *   tsx scripts/docker/smoke-client.ts public-url <base-url> <public-url>    the same, URLs must start with <public-url>
 *   tsx scripts/docker/smoke-client.ts compose <file> <service> env|volumes|healthcheck   one item per line
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SyncClient, type Sync } from "@sync.so/sdk";
import { parse as parseYaml } from "yaml";
import { isPlayableMp4 } from "../../test/helpers/mp4.js";

const TERMINAL = ["COMPLETED", "FAILED", "REJECTED"];

function check(condition: unknown, what: string): void {
  if (!condition) {
    console.log(`not ok: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

/**
 * One generation as a user's code does it, on the image's default real clock: the default scenario finishes a
 * job about 1.25 s after creation, so polling is quicker than anything else. `reach` maps a handed-out URL to
 * one this host can open (identity unless the public URL names a host only the app's network knows).
 */
async function generation(baseUrl: string, expectedPrefix: string, reach: (url: string) => string): Promise<void> {
  const health = await fetch(`${baseUrl}/health`);
  check(health.ok && ((await health.json()) as { status?: string }).status === "ok", `GET ${baseUrl}/health is {"status":"ok"}`);

  const sync = new SyncClient({ baseUrl, apiKey: `scale_smoke_${randomUUID()}` });
  const request: Sync.CreateGenerationDto = {
    model: "lipsync-2",
    input: [
      { type: "video", url: "https://assets.sync.so/docs/example-video.mp4" },
      { type: "audio", url: "https://assets.sync.so/docs/example-audio.wav" },
    ],
  };
  const created = await sync.generations.create(request);
  check(created.status === "PENDING", `SDK generations.create → ${created.id} PENDING`);

  let current = created;
  const deadline = performance.now() + 30_000;
  while (!TERMINAL.includes(current.status) && performance.now() < deadline) {
    await sleep(250);
    current = await sync.generations.get(created.id);
  }
  check(current.status === "COMPLETED", `SDK generations.get → ${current.status}`);
  check(current.outputUrl?.startsWith(`${expectedPrefix}/`), `outputUrl ${current.outputUrl} starts with ${expectedPrefix}/`);

  const download = await fetch(reach(current.outputUrl!));
  const bytes = Buffer.from(await download.arrayBuffer());
  check(download.ok && isPlayableMp4(bytes), `outputUrl downloads a playable MP4 (${bytes.length} bytes)`);
}

/** One part of a compose service, as lines the shell reads with `mapfile`. Volume sources become absolute. */
function composePart(file: string, service: string, part: string): string[] {
  const compose = parseYaml(readFileSync(file, "utf8")) as { services?: Record<string, Record<string, unknown>> };
  const spec = compose.services?.[service];
  if (!spec) throw new Error(`${file}: no service ${service}`);
  if (part === "env") return Object.entries((spec.environment ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  if (part === "volumes") {
    return ((spec.volumes ?? []) as string[]).map((volume) => {
      const [source, ...rest] = volume.split(":");
      return [resolve(dirname(file), source!), ...rest].join(":");
    });
  }
  if (part === "healthcheck") return ((spec.healthcheck as { test?: string[] } | undefined)?.test ?? []).map(String);
  throw new Error(`unknown compose part ${part}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === "generation" && args.length === 1) {
    await generation(args[0]!, args[0]!, (url) => url);
  } else if (command === "public-url" && args.length === 2) {
    const [baseUrl, publicUrl] = args as [string, string];
    // The app's container resolves the public host to the mock; from here that is the base URL.
    await generation(baseUrl, publicUrl, (url) => baseUrl + url.slice(publicUrl.length));
  } else if (command === "compose" && args.length === 3) {
    for (const line of composePart(args[0]!, args[1]!, args[2]!)) console.log(line);
  } else {
    throw new Error(`usage: smoke-client.ts generation <base-url> | public-url <base-url> <public-url> | compose <file> <service> env|volumes|healthcheck`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.log(`not ok: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});

/**
 * The container files, checked without a Docker engine: the Dockerfile (dockerfile-utils' validator, warnings
 * included, and the promises the README makes about the image), the .dockerignore allow-list,
 * docker-compose.example.yml, and docker-compose.replicas.example.yml with its docker/nginx-replicas.conf.
 * scripts/docker-smoke.sh builds and runs the image for real when buildah is there.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DockerfileParser, type Healthcheck, type ImageTemplate, type Instruction } from "dockerfile-ast";
import { validate } from "dockerfile-utils";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigSchema, SETTINGS } from "../src/config.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (name: string) => readFileSync(`${ROOT}/${name}`, "utf8");
const dockerfileText = read("Dockerfile");
const dockerfile = DockerfileParser.parse(dockerfileText);
const pkg = JSON.parse(read("package.json")) as { engines: { node: string }; scripts: Record<string, string> };

/** The instructions of the last stage (the image that ships). */
function runtimeStage(): Instruction[] {
  const instructions = dockerfile.getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf("FROM");
  return instructions.slice(lastFrom);
}
const runtime = runtimeStage();
const only = (keyword: string) => runtime.filter((i) => i.getKeyword() === keyword);
/** An exec-form argument list (`["node", "x"]`) after whatever precedes its opening bracket. */
const execForm = (instruction: Instruction) => JSON.parse(instruction.getRawArgumentsContent()!.replace(/^[^[]*/, "")) as string[];
const imageHealthcheck = () => execForm(only("HEALTHCHECK")[0] as Healthcheck);

describe("Dockerfile", () => {
  it("has no findings from dockerfile-utils, warnings included", () => {
    expect(validate(dockerfileText).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds in one stage and runs on the same maintained Node LTS slim image, one the engines field allows", () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      expect(from.getImageName()).toBe("node");
      expect(from.getImageTag()).toMatch(/^(\d+)-bookworm-slim$/);
    }
    const major = Number(froms[0]!.getImageTag()!.split("-")[0]);
    expect(new Set(froms.map((f) => f.getImageTag())).size).toBe(1);
    expect(major % 2, "an even major is an LTS line").toBe(0);
    expect(major, "Node 20 reached end of life on 2026-04-30").toBeGreaterThanOrEqual(22);
    expect(major).toBeGreaterThanOrEqual(Number(/>=\s*(\d+)/.exec(pkg.engines.node)![1]));
  });

  it("installs with npm ci, builds with npm run build and prunes dev dependencies", () => {
    const runs = dockerfile.getInstructions().filter((i) => i.getKeyword() === "RUN").map((i) => i.getArgumentsContent()!);
    expect(runs.join("\n")).toMatch(/npm ci\b[\s\S]*npm run build[\s\S]*npm prune --omit=dev/);
  });

  it("runs `npm start`'s command in exec form as the non-root user node", () => {
    expect(execForm(only("CMD")[0]!)).toEqual(pkg.scripts.start!.split(" "));
    expect(only("USER").map((u) => u.getArgumentsContent())).toEqual(["node"]);
    expect(only("ENTRYPOINT")).toEqual([]);
  });

  it("listens on 0.0.0.0 at the exposed port, the CLI's default, and checks its health on /health", () => {
    const env = only("ENV").flatMap((e) => e.getArguments().map((a) => a.getValue()));
    expect(env).toEqual(expect.arrayContaining(["HOST=0.0.0.0", `PORT=${ConfigSchema.parse({}).port}`]));
    expect(only("EXPOSE").map((e) => e.getArgumentsContent())).toEqual([String(ConfigSchema.parse({}).port)]);
    expect((only("HEALTHCHECK")[0] as Healthcheck).getSubcommand()?.getValue()).toBe("CMD");
    expect(imageHealthcheck().join(" ")).toMatch(/^node -e .*fetch\(.*\/health/);
  });

  it("ships the compiled code, production dependencies, scenarios, assets and OpenAPI documents", () => {
    const sources = only("COPY").flatMap((c) => c.getArguments().slice(0, -1).map((a) => a.getValue().replace(/^\/app\//, "")));
    expect(sources).toEqual(expect.arrayContaining(["package.json", "node_modules", "dist", "scenarios", "assets", "openapi"]));
  });

  it("copies from the build context only files that exist and that .dockerignore lets in", () => {
    const [first, ...rest] = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    expect(first, ".dockerignore is an allow-list").toBe("*");
    const allowed = new Set(rest.filter((l) => l.startsWith("!")).map((l) => l.slice(1)));
    for (const hostOnly of ["node_modules", "dist", ".git", "test", "coverage", ".vitest.json"]) expect(allowed.has(hostOnly), hostOnly).toBe(false);
    const fromContext = (dockerfile as unknown as ImageTemplate).getCOPYs().filter((c) => c.getFromFlag() === null);
    for (const copy of fromContext) {
      for (const source of copy.getArguments().slice(0, -1).map((a) => a.getValue())) {
        expect(existsSync(`${ROOT}/${source}`), `${source} exists`).toBe(true);
        expect(allowed.has(source), `${source} is let in by .dockerignore`).toBe(true);
      }
    }
  });
});

describe("docker-compose.example.yml", () => {
  interface Service {
    environment?: Record<string, string>;
    volumes?: string[];
    healthcheck?: { test?: string[] };
    depends_on?: Record<string, { condition?: string }>;
  }
  const compose = parseYaml(read("docker-compose.example.yml")) as { services: Record<string, Service> };
  const mock = compose.services["sync-mock"]!;
  const app = compose.services.app!;

  it("hands out URLs under the service name, which the app's container resolves", () => {
    expect(mock.environment?.SYNC_MOCK_PUBLIC_URL).toBe(`http://sync-mock:${ConfigSchema.parse({}).port}`);
    expect(app.environment?.SYNC_BASE_URL).toBe(mock.environment?.SYNC_MOCK_PUBLIC_URL);
  });

  it("mounts the scenarios directory read-only and names a scenario file that exists in it", () => {
    expect(mock.volumes).toContain("./scenarios:/scenarios:ro");
    const scenario = mock.environment?.SYNC_MOCK_SCENARIO ?? "";
    expect(scenario.startsWith("/scenarios/")).toBe(true);
    expect(existsSync(`${ROOT}/scenarios/${scenario.slice("/scenarios/".length)}`)).toBe(true);
  });

  it("starts the app once the mock's healthcheck (the image's own command) passes", () => {
    expect(mock.healthcheck?.test).toEqual(["CMD", ...imageHealthcheck()]);
    expect(app.depends_on?.["sync-mock"]?.condition).toBe("service_healthy");
  });
});

describe("docker-compose.replicas.example.yml", () => {
  interface Service {
    image?: string;
    command?: string[];
    environment?: Record<string, string>;
    volumes?: string[];
    healthcheck?: { test?: string[] };
    depends_on?: Record<string, { condition?: string }>;
  }
  // merge: the replicas share one `<<: *replica` mapping, which compose merges and so must the parser.
  const compose = parseYaml(read("docker-compose.replicas.example.yml"), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const port = ConfigSchema.parse({}).port;
  const replicaNames = Object.keys(services).filter((name) => services[name]!.environment?.SYNC_MOCK_STORE !== undefined);
  const replicas = replicaNames.map((name) => services[name]!);
  const lb = services["sync-mock"]!;
  const app = services.app!;
  const nginxMount = lb.volumes?.find((v) => v.startsWith("./docker/nginx-replicas.conf:"));
  // Comments dropped, so a commented-out directive does not count.
  const nginx = read("docker/nginx-replicas.conf").replace(/#.*$/gm, "");
  const upstream = /upstream\s+(\S+)\s*\{([^}]*)\}/.exec(nginx);

  it("runs three replicas that share one Redis database under one prefix", () => {
    expect(replicaNames).toEqual(["sync-mock-1", "sync-mock-2", "sync-mock-3"]);
    const stores = new Set(replicas.map((r) => r.environment?.SYNC_MOCK_STORE));
    expect([...stores]).toHaveLength(1);
    const store = new URL([...stores][0]!);
    expect(store.protocol).toBe("redis:");
    expect(services[store.hostname]?.image, "the store's host is the redis service").toMatch(/^redis:7-alpine$/);
    expect(new Set(replicas.map((r) => r.environment?.SYNC_MOCK_STORE_PREFIX)).size, "one prefix, or none").toBe(1);
  });

  it("keeps no state log on a replica, which the CLI refuses beside a Redis store", () => {
    for (const replica of replicas) expect(replica.environment).not.toHaveProperty("SYNC_MOCK_DATA_DIR");
  });

  it("starts each replica once Redis answers, with the image's own healthcheck", () => {
    for (const replica of replicas) {
      expect(replica.depends_on?.redis?.condition).toBe("service_healthy");
      expect(replica.healthcheck?.test).toEqual(["CMD", ...imageHealthcheck()]);
    }
  });

  it("runs Redis with the append-only file, so a Redis restart keeps the state, and checks it with redis-cli ping", () => {
    const redis = services.redis!;
    expect(redis.command?.join(" ")).toMatch(/--appendonly yes/);
    expect(redis.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("hands out URLs under the load balancer's service name, and points the app at it", () => {
    for (const replica of replicas) expect(replica.environment?.SYNC_MOCK_PUBLIC_URL).toBe(`http://sync-mock:${port}`);
    expect(lb.image).toMatch(/^nginx:1\.27-alpine$/);
    expect(app.environment?.SYNC_BASE_URL).toBe(`http://sync-mock:${port}`);
    expect(app.depends_on?.["sync-mock"]?.condition).toBe("service_healthy");
  });

  it("starts the load balancer after the replicas, with the nginx config mounted where the image includes it", () => {
    expect(nginxMount).toBe("./docker/nginx-replicas.conf:/etc/nginx/conf.d/default.conf:ro");
    for (const name of replicaNames) expect(lb.depends_on?.[name]?.condition, name).toBe("service_healthy");
  });

  it("balances over exactly the replica services on the mock's port, with passive health checks", () => {
    expect(upstream, "an upstream block").not.toBeNull();
    const servers = [...upstream![2]!.matchAll(/^\s*server\s+([^\s;]+)([^;]*);/gm)];
    expect(servers.map((s) => s[1])).toEqual(replicaNames.map((name) => `${name}:${port}`));
    for (const server of servers) expect(server[2]).toMatch(/max_fails=\d+.*fail_timeout=\d+s/);
    expect(nginx).toMatch(new RegExp(`proxy_pass\\s+http://${upstream![1]};`));
    expect(nginx).toMatch(new RegExp(`listen\\s+${port};`));
  });

  it("streams request bodies of any size and outlasts the 60 s webhook long poll", () => {
    expect(nginx).toMatch(/proxy_request_buffering\s+off;/);
    expect(nginx).toMatch(/client_max_body_size\s+0;/);
    // Chunked request bodies are buffered regardless unless nginx speaks HTTP/1.1 to the replica.
    expect(nginx).toMatch(/proxy_http_version\s+1\.1;/);
    expect(Number(/proxy_read_timeout\s+(\d+)s;/.exec(nginx)?.[1])).toBeGreaterThan(60);
    for (const header of ["Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"]) {
      expect(nginx, header).toMatch(new RegExp(`proxy_set_header\\s+${header}\\s`));
    }
  });

  it("uses only environment variables the CLI knows", () => {
    const known = new Set<string>(SETTINGS.map((s) => s.env));
    const used = Object.values(services).flatMap((service) => Object.keys(service.environment ?? {}));
    const mockVariables = used.filter((name) => name.startsWith("SYNC_MOCK_"));
    expect(mockVariables.length).toBeGreaterThan(0);
    for (const name of mockVariables) expect(known.has(name), name).toBe(true);
  });
});

/**
 * The sync-mock image as a Testcontainers module: a `GenericContainer` that knows the image's settings, waits for
 * `/health`, and hands back what `sync-mock/testing` does (base URL, fresh keys, the admin client).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer } from "testcontainers";
import { AdminClient } from "../testing/admin-client.js";
import { VERSION } from "../version.js";

/** The port the image listens on (its `PORT`). */
export const SYNC_MOCK_PORT = 8080;

/** Where a scenario given as text is copied in the container (the path docker-compose.example.yml mounts). */
const SCENARIO_PATH = "/scenarios/testcontainers.yaml";

/** How to start the sync-mock image. */
export interface SyncMockContainerOptions {
  /** The image (default: the `SYNC_MOCK_IMAGE` environment variable, else `sync-mock:<this package's version>`). */
  image?: string;
  /**
   * A scenario: a shipped scenario's name (`"instant"`) or a path inside the container, passed as
   * `SYNC_MOCK_SCENARIO`; or YAML/JSON text (anything with a newline or a `{`) or an object, copied into the
   * container first. A file of yours: pass its text (`readFileSync(path, "utf8")`).
   */
  scenario?: string | Record<string, unknown>;
  /** `manual` freezes time until `admin.advance()`; default `real`. */
  clock?: "real" | "manual";
  /** Require this token on the admin plane (`SYNC_MOCK_ADMIN_TOKEN`); `admin` sends it. */
  adminToken?: string;
  /**
   * Base of every URL the mock hands out (`outputUrl`, asset URLs), e.g. `http://sync-mock:8080` for an app in
   * another container on the same network. Default: the base URL of this process's side, so downloads work here.
   */
  publicUrl?: string;
  webhookSecret?: string;
  /** More of the image's settings (`SYNC_MOCK_LOG_LEVEL`, `SYNC_MOCK_STORE`, …; see `sync-mock --help`). */
  environment?: Record<string, string>;
  /** How long to wait for `/health` (default 60 s). */
  startupTimeoutMs?: number;
}

/** The image to start: the option, else `SYNC_MOCK_IMAGE`, else `sync-mock:<version>`. */
export function syncMockImage(image?: string): string {
  return image || process.env["SYNC_MOCK_IMAGE"] || `sync-mock:${VERSION}`;
}

/** The image's environment for these options (without the public URL, which needs the host port). */
export function syncMockEnvironment(options: SyncMockContainerOptions): Record<string, string> {
  const env: Record<string, string> = { ...options.environment };
  if (options.scenario !== undefined) env["SYNC_MOCK_SCENARIO"] = scenarioText(options.scenario) === undefined ? (options.scenario as string) : SCENARIO_PATH;
  if (options.clock) env["SYNC_MOCK_CLOCK"] = options.clock;
  if (options.adminToken) env["SYNC_MOCK_ADMIN_TOKEN"] = options.adminToken;
  if (options.publicUrl) env["SYNC_MOCK_PUBLIC_URL"] = options.publicUrl;
  if (options.webhookSecret) env["SYNC_MOCK_WEBHOOK_SECRET"] = options.webhookSecret;
  return env;
}

/** The text to copy into the container, or undefined for a name or path the image resolves itself. */
function scenarioText(scenario: string | Record<string, unknown>): string | undefined {
  if (typeof scenario === "object") return JSON.stringify(scenario);
  return /[\n{]/.test(scenario) ? scenario : undefined;
}

/** A free TCP port on this machine (the engine's host when it is local, as it nearly always is). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The sync-mock image, ready to start:
 *
 * ```ts
 * const mock = await new SyncMockContainer({ clock: "manual", scenario: "instant" }).start();
 * const sync = new SyncClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey() });
 * await mock.admin.advance(5_000);
 * await mock.stop();
 * ```
 * It is a `GenericContainer`, so its methods (`withNetwork`, `withNetworkAliases`, `withLogConsumer`, …) apply.
 */
export class SyncMockContainer extends GenericContainer {
  private readonly options: SyncMockContainerOptions;
  private publicUrl: string | undefined;

  constructor(options: SyncMockContainerOptions = {}) {
    super(syncMockImage(options.image));
    this.options = options;
    this.publicUrl = options.publicUrl ?? options.environment?.["SYNC_MOCK_PUBLIC_URL"];
    this.withEnvironment(syncMockEnvironment(options))
      .withWaitStrategy(Wait.forHttp("/health", SYNC_MOCK_PORT).forStatusCode(200))
      .withStartupTimeout(options.startupTimeoutMs ?? 60_000);
    const text = options.scenario === undefined ? undefined : scenarioText(options.scenario);
    if (text !== undefined) this.withCopyContentToContainer([{ content: text, target: SCENARIO_PATH, mode: 0o644 }]);
    // With a public URL of the caller's, the engine may pick any host port.
    if (this.publicUrl) this.withExposedPorts(SYNC_MOCK_PORT);
  }

  protected override async beforeContainerCreated(): Promise<void> {
    if (this.publicUrl) return;
    // The URLs the mock hands out are fixed when it starts, and must reach it from here: so the host port is
    // chosen before the container exists, and the mock is told its own address.
    const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
    const port = await freePort();
    this.publicUrl = `http://${host}:${port}`;
    this.withExposedPorts({ container: SYNC_MOCK_PORT, host: port }).withEnvironment({ SYNC_MOCK_PUBLIC_URL: this.publicUrl });
  }

  override async start(): Promise<StartedSyncMockContainer> {
    return new StartedSyncMockContainer(await super.start(), this.options.adminToken, this.publicUrl);
  }
}

/** A running sync-mock container: the surface of `sync-mock/testing`'s `SyncMock`, plus the container's own. */
export class StartedSyncMockContainer extends AbstractStartedContainer {
  /** Base URL for SDK clients in this process (`new SyncClient({ baseUrl })`): the engine's host and the mapped port. */
  readonly baseUrl: string;
  /** The base of the URLs the mock hands out. */
  readonly publicUrl: string;
  readonly admin: AdminClient;

  constructor(started: StartedTestContainer, adminToken?: string, publicUrl?: string) {
    super(started);
    this.baseUrl = `http://${started.getHost()}:${started.getMappedPort(SYNC_MOCK_PORT)}`;
    this.publicUrl = publicUrl ?? this.baseUrl;
    this.admin = new AdminClient(this.baseUrl, adminToken);
  }

  /** A fresh API key, hence a fresh, isolated tenant; `plan` picks the key prefix (default scale). */
  apiKey(plan = "scale"): string {
    return `${plan}_${randomUUID()}`;
  }

  /** Stops and removes the container (`stop()` without its answer, as `SyncMock.close()`). */
  async close(): Promise<void> {
    await this.stop();
  }
}

/** Starts the sync-mock image: `new SyncMockContainer(options).start()`. */
export function startSyncMockContainer(options: SyncMockContainerOptions = {}): Promise<StartedSyncMockContainer> {
  return new SyncMockContainer(options).start();
}

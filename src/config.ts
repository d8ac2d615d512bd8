/**
 * The mock's settings, parsed once from flags and environment variables (flags win). A bad value stops
 * start-up with one line that says which setting and why.
 */
import { parseArgs } from "node:util";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** The webhook signing secret used when none is configured. */
export const DEFAULT_WEBHOOK_SECRET = "whsec_sync_mock_test_secret";

export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("0.0.0.0"),
  scenario: z.string().min(1).optional(),
  clock: z.enum(["real", "manual"]).default("real"),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  webhookSecret: z.string().min(1).default(DEFAULT_WEBHOOK_SECRET),
  logLevel: z.enum(LOG_LEVELS).default("info"),
  dataDir: z.string().min(1).optional(),
  store: z
    .string()
    .regex(/^(memory|rediss?:\/\/.+)$/, "expected memory or a redis:// URL")
    .default("memory"),
  storePrefix: z.string().min(1).default("sync-mock:"),
  adminToken: z.string().min(1).optional(),
});

/** Settings of a running mock. */
export type Config = z.infer<typeof ConfigSchema>;

/** Each setting: its flag, its environment variable and what it does (also the `--help` text). */
export const SETTINGS = [
  { key: "port", flag: "port", env: "PORT", help: "Port to listen on (default 8080; 0 picks a free one)" },
  { key: "host", flag: "host", env: "HOST", help: "Address to listen on (default 0.0.0.0)" },
  { key: "scenario", flag: "scenario", env: "SYNC_MOCK_SCENARIO", help: "Scenario file (YAML or JSON), or a shipped scenario's name: default, instant, failures, realistic, rate-limited (default: default)" },
  { key: "clock", flag: "clock", env: "SYNC_MOCK_CLOCK", help: "real (wall time) or manual (moves only on POST /__mock/clock/advance); default real" },
  { key: "publicUrl", flag: "public-url", env: "SYNC_MOCK_PUBLIC_URL", help: "Base of every URL the mock hands out (default http://localhost:<port>)" },
  { key: "webhookSecret", flag: "webhook-secret", env: "SYNC_MOCK_WEBHOOK_SECRET", help: `Secret that signs webhooks (default ${DEFAULT_WEBHOOK_SECRET})` },
  { key: "logLevel", flag: "log-level", env: "SYNC_MOCK_LOG_LEVEL", help: `One of ${LOG_LEVELS.join(", ")} (default info)` },
  { key: "dataDir", flag: "data-dir", env: "SYNC_MOCK_DATA_DIR", help: "Keep state in this directory and restore it on start (default: memory only)" },
  { key: "store", flag: "store", env: "SYNC_MOCK_STORE", help: "memory (default) or redis://host:port/db: replicas on one Redis share one state" },
  { key: "storePrefix", flag: "store-prefix", env: "SYNC_MOCK_STORE_PREFIX", help: "Prefix of the Redis keys (default sync-mock:); replicas share what is under one prefix" },
  { key: "adminToken", flag: "admin-token", env: "SYNC_MOCK_ADMIN_TOKEN", help: "Require this token on every /__mock route (x-mock-admin-token header or Bearer); default: the admin plane is open" },
] as const satisfies ReadonlyArray<{ key: keyof Config; flag: string; env: string; help: string }>;

/** A setting that cannot be used. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** What the command line asked for besides settings. */
export interface CliRequest {
  readonly config: Config;
  readonly help: boolean;
  readonly version: boolean;
}

/** Parses flags (`--port 8080` or `--port=8080`) over environment variables into a {@link Config}. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliRequest {
  let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: "string" | "boolean"; short?: string }>; strict: true }>>;
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  };
  for (const s of SETTINGS) options[s.flag] = { type: "string" };
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new ConfigError((e as Error).message.split("\n")[0]!.replace(/\. To specify.*$/, "."));
  }
  const raw: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const fromFlag = parsed.values[s.flag];
    const fromEnv = env[s.env];
    if (typeof fromFlag === "string") raw[s.key] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== "") raw[s.key] = fromEnv;
  }
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = SETTINGS.find((s) => s.key === issue.path[0]);
    const name = setting ? `--${setting.flag} / ${setting.env}` : String(issue.path[0]);
    throw new ConfigError(`invalid ${name} (${JSON.stringify(raw[setting?.key ?? ""])}): ${issue.message}`);
  }
  if (result.data.store !== "memory" && result.data.dataDir) {
    // The state is in Redis; a state log of one replica would restore a copy that the others never see.
    throw new ConfigError("--data-dir / SYNC_MOCK_DATA_DIR cannot be used with a Redis --store: Redis keeps the state (use its own persistence, AOF or RDB)");
  }
  return { config: result.data, help: parsed.values.help === true, version: parsed.values.version === true };
}

/** `sync-mock record`'s settings. */
export const RecordConfigSchema = z.object({
  upstream: z.url({ protocol: /^https?$/ }),
  out: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default("127.0.0.1"),
});
export type RecordConfig = z.infer<typeof RecordConfigSchema>;

/** `sync-mock drift`'s settings. */
export const DriftConfigSchema = z.object({
  dir: z.string().min(1),
  allow: z.string().min(1).optional(),
  report: z.string().min(1).optional(),
  emitScenario: z.string().min(1).optional(),
});
export type DriftConfig = z.infer<typeof DriftConfigSchema>;

function parseCommand<T>(name: string, argv: readonly string[], flags: Record<string, string>, schema: z.ZodType<T>, positional?: string): T {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: Object.fromEntries(Object.keys(flags).map((f) => [f, { type: "string" as const }])), strict: true, allowPositionals: positional !== undefined });
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }
  const values: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(flags)) if (parsed.values[flag] !== undefined) values[key] = parsed.values[flag];
  if (positional) values[positional] = parsed.positionals[0];
  const result = schema.safeParse(values);
  if (!result.success) throw new ConfigError(`${name}: ${result.error.issues.map((i) => `${i.path.join(".") === positional ? `<${positional}>` : `--${Object.entries(flags).find(([, k]) => k === i.path[0])?.[0] ?? i.path.join(".")}`}: ${i.message}`).join("; ")}`);
  return result.data;
}

/** Parses `sync-mock record --upstream URL --out DIR [--port N] [--host H]`. */
export function parseRecordCli(argv: readonly string[]): RecordConfig {
  return parseCommand("record", argv, { upstream: "upstream", out: "out", port: "port", host: "host" }, RecordConfigSchema);
}

/** Parses `sync-mock drift DIR [--allow FILE] [--report FILE] [--emit-scenario FILE]`. */
export function parseDriftCli(argv: readonly string[]): DriftConfig {
  return parseCommand("drift", argv, { allow: "allow", report: "report", "emit-scenario": "emitScenario" }, DriftConfigSchema, "dir");
}

/** The `--help` text. */
export function helpText(version: string): string {
  const rows = SETTINGS.map((s) => `  --${s.flag.padEnd(16)} ${s.env.padEnd(26)} ${s.help}`);
  return [
    `sync-mock ${version}: a local stand-in for the Sync lip-sync API (/v2).`,
    "",
    "Usage: sync-mock [flags]",
    "",
    `  ${"flag".padEnd(18)} ${"environment".padEnd(26)} meaning`,
    ...rows,
    `  --${"help".padEnd(16)} ${"".padEnd(26)} Show this text`,
    `  --${"version".padEnd(16)} ${"".padEnd(26)} Print the version`,
    "",
    "       sync-mock record --upstream https://api.sync.so --out recordings/ [--port 8080] [--host 127.0.0.1]",
    "         forward /v2 to the upstream and record every exchange (keys redacted)",
    "       sync-mock drift recordings/ [--allow allow.yaml] [--report drift.json] [--emit-scenario recorded.yaml]",
    "         replay a recording against a fresh mock and report where the answers differ (exit 1 if any unexpected)",
  ].join("\n");
}

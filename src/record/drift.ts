/**
 * `sync-mock drift <dir>`: replays every recorded request against a fresh mock (manual clock, moved forward as
 * much as the recording's own time passed) and compares each answer's structure with the recorded one
 * (shape.ts). Ids the upstream handed out are mapped to the ones the mock hands out, so a recorded
 * create-then-poll is replayed as one. Differences are counted per endpoint; those an allow-list expects
 * (each with its reason) are reported but do not fail.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { shiftClock } from "../admin/operations.js";
import { BATCH_STATUSES } from "../domain/batch-machine.js";
import { globMatch } from "../domain/glob.js";
import { GENERATION_STATUSES } from "../domain/job-machine.js";
import { loadScenarioFile } from "../scenarios/load.js";
import { startServer } from "../server.js";
import { REDACTED, type Exchange, type RecordedBody } from "./recording.js";
import { compareAnswers, type Difference } from "./shape.js";

/** One kind of difference on one endpoint, and how often it was seen. */
export interface DriftFinding extends Difference {
  readonly endpoint: string;
  readonly count: number;
  /** Whether the allow-list expects it, and why. */
  readonly expected: boolean;
  readonly reason: string | null;
}

/** What `sync-mock drift` reports. */
export interface DriftReport {
  readonly exchanges: number;
  readonly replayed: number;
  readonly skipped: ReadonlyArray<{ readonly endpoint: string; readonly reason: string }>;
  readonly findings: readonly DriftFinding[];
  /** Findings the allow-list does not expect: the exit code is 1 when there is any. */
  readonly unexpected: number;
}

const AllowListSchema = z.array(
  z.strictObject({
    endpoint: z.string().min(1).describe('Glob over "METHOD /path" with ids as {id}, e.g. "GET /v2/generate/{id}".'),
    path: z.string().optional().describe("Glob over the JSON path (default: any)."),
    kind: z.enum(["status", "missing", "extra", "type", "errorCode", "enum"]).optional(),
    reason: z.string().min(1).describe("Why this difference is expected (a README Fidelity & limitations line)."),
  }),
);
export type AllowList = z.infer<typeof AllowListSchema>;

/** Thrown for a recording or allow-list that cannot be read; the command prints its message. */
export class DriftInputError extends Error {
  override name = "DriftInputError";
}

/** Reads an allow-list file (YAML or JSON). */
export function loadAllowList(file: string): AllowList {
  const parsed = AllowListSchema.safeParse(parseYaml(readFileSync(file, "utf8")) ?? []);
  if (!parsed.success) throw new DriftInputError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

/** Every exchange of every `*.jsonl` file in `dir`, in file then line order (lines starting with `#` are comments). */
export function readRecordings(dir: string): Exchange[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();
  if (files.length === 0) throw new DriftInputError(`${dir}: no recordings (*.jsonl) in it`);
  const exchanges: Exchange[] = [];
  for (const file of files) {
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        // Blank lines, and comment lines (a fixture says where its answers come from).
        if (line.trim() === "" || line.startsWith("#")) return;
        try {
          exchanges.push(JSON.parse(line) as Exchange);
        } catch {
          throw new DriftInputError(`${join(dir, file)}:${i + 1}: not a JSON line`);
        }
      });
  }
  return exchanges;
}

/** `METHOD /path` with ids as `{id}` and without the query: how exchanges are grouped. */
export function endpointOf(method: string, url: string): string {
  const path = url.split("?")[0]!;
  const segments = path.split("/").map((s) => (/^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(s) || (/\d/.test(s) && s.length >= 16) ? "{id}" : s));
  return `${method} ${segments.join("/")}`;
}

const ENUMS: ReadonlyMap<string, ReadonlySet<string>> = new Map([["status", new Set<string>([...GENERATION_STATUSES, ...BATCH_STATUSES])]]);
const DROPPED_HEADERS = new Set(["content-length", "host", "connection", "accept-encoding", "x-api-key", "authorization", "cookie"]);
const jsonOf = (body: RecordedBody): unknown => (body.kind === "json" ? body.value : undefined);

/**
 * Where a replayed job's webhooks go: the recorded receivers are someone's real endpoints, which a replay must
 * not call. Port 9 (discard) refuses at once on loopback.
 */
export const REPLAY_WEBHOOK_URL = "http://127.0.0.1:9/sync-mock-drift";

/** A recorded JSON body with every webhook URL pointed at {@link REPLAY_WEBHOOK_URL}. */
function withoutReceivers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutReceivers);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, (k === "webhookUrl" || k === "webhook_url") && typeof v === "string" ? REPLAY_WEBHOOK_URL : withoutReceivers(v)]),
  );
}

/** Replaces every upstream id the mapping knows in `text`. */
function mapIds(text: string, ids: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [theirs, ours] of ids) out = out.split(theirs).join(ours);
  return out;
}

/** Replays `exchanges` against a fresh mock and reports how its answers differ. */
export async function drift(exchanges: readonly Exchange[], allow: AllowList = []): Promise<DriftReport> {
  const server = await startServer({ port: 0, host: "127.0.0.1", clock: "manual", scenario: loadScenarioFile(), logger: pino({ level: "silent" }) });
  const counts = new Map<string, { endpoint: string; difference: Difference; count: number }>();
  const skipped: Array<{ endpoint: string; reason: string }> = [];
  const ids = new Map<string, string>();
  let replayed = 0;
  let previousAt: number | undefined;
  try {
    for (const exchange of exchanges) {
      const endpoint = endpointOf(exchange.method, exchange.url);
      if (exchange.requestBody.kind === "bytes") {
        skipped.push({ endpoint, reason: `a ${exchange.requestBody.contentType ?? "binary"} body of ${exchange.requestBody.bytes} bytes is not kept in recordings` });
        continue;
      }
      const at = Date.parse(exchange.at);
      if (previousAt !== undefined && at > previousAt) await shiftClock(server.deps, undefined, at - previousAt);
      await server.deps.queue.runDue();
      previousAt = at;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(exchange.requestHeaders)) if (!DROPPED_HEADERS.has(name) && value !== REDACTED) headers[name] = value;
      // Deviation (README "Drift report"): every recorded key replays as a Scale key of its own.
      if (exchange.keyId) headers["x-api-key"] = `scale_drift_${exchange.keyId}`;
      const body = exchange.requestBody.kind === "json" ? mapIds(JSON.stringify(withoutReceivers(exchange.requestBody.value)), ids) : exchange.requestBody.kind === "text" ? mapIds(exchange.requestBody.value, ids) : undefined;
      const response = await fetch(`${server.localUrl}${mapIds(exchange.url, ids)}`, { method: exchange.method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      let mockBody: unknown;
      try {
        mockBody = /json/.test(response.headers.get("content-type") ?? "") ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        mockBody = undefined;
      }
      replayed++;
      const upstreamBody = jsonOf(exchange.responseBody);
      const theirId = (upstreamBody as { id?: unknown } | undefined)?.id;
      const ourId = (mockBody as { id?: unknown } | undefined)?.id;
      // Only ids long enough not to occur by chance in other text (a docs example's "id": "id" is not mapped).
      if (typeof theirId === "string" && typeof ourId === "string" && theirId !== ourId && theirId.length >= 8) ids.set(theirId, ourId);
      for (const difference of compareAnswers({ upstream: { status: exchange.status, body: upstreamBody }, mock: { status: response.status, body: mockBody } }, ENUMS)) {
        const key = `${endpoint}\u0000${difference.kind}\u0000${difference.path}\u0000${difference.detail}`;
        const seen = counts.get(key);
        if (seen) seen.count++;
        else counts.set(key, { endpoint, difference, count: 1 });
      }
    }
  } finally {
    await server.close();
  }
  const findings = [...counts.values()].map(({ endpoint, difference, count }): DriftFinding => {
    const rule = allow.find((r) => globMatch(r.endpoint, endpoint) && (r.path === undefined || globMatch(r.path, difference.path)) && (r.kind === undefined || r.kind === difference.kind));
    return { endpoint, ...difference, count, expected: rule !== undefined, reason: rule?.reason ?? null };
  });
  return { exchanges: exchanges.length, replayed, skipped, findings, unexpected: findings.filter((f) => !f.expected).length };
}

/** The report as the table the command prints. */
export function driftTable(report: DriftReport): string {
  const rows = report.findings.map((f) => `| ${f.endpoint} | ${f.kind} | ${f.path || "(answer)"} | ${f.detail} | ${f.count} | ${f.expected ? `expected: ${f.reason}` : "**unexpected**"} |`);
  return [
    `${report.exchanges} exchanges, ${report.replayed} replayed, ${report.skipped.length} skipped; ${report.findings.length} differences, ${report.unexpected} unexpected`,
    "",
    "| Endpoint | Kind | Path | What differs | Seen | |",
    "|---|---|---|---|---:|---|",
    ...rows,
    ...(report.skipped.length ? ["", ...report.skipped.map((s) => `skipped ${s.endpoint}: ${s.reason}`)] : []),
  ].join("\n");
}

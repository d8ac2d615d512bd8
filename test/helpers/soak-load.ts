/**
 * The soak test's clients: `clients` concurrent loops on loopback, each with its own API key (its own tenant),
 * each sending a random mix of creates (half with a webhookUrl), polls, long polls, lists, batches, estimates
 * and model lists, back to back, until the deadline. Every answer must have the status its action expects;
 * anything else is recorded as unexpected. What each client created is kept for checking afterwards.
 */
import { batchLines, jsonl } from "./batch.js";
import { generationBody } from "./http.js";

/** What one tenant created. */
export interface TenantWork {
  readonly key: string;
  readonly generations: string[];
  readonly batches: string[];
  /** Ids of the jobs (generations and batches) that were given a webhook URL. */
  readonly withWebhook: string[];
}

/** What a load run did. */
export interface LoadResult {
  readonly requests: number;
  readonly byAction: Record<string, number>;
  /** Requests that failed or got an unexpected status (the first 20 described). */
  readonly unexpected: number;
  readonly examples: string[];
  readonly tenants: TenantWork[];
  /** Slowest answer, in ms. */
  readonly maxLatencyMs: number;
}

/** How to load the mock. */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly clients: number;
  readonly durationMs: number;
  /** Where webhooks go (a receiver that answers 200). */
  readonly webhookUrl: string;
  /** Prefix of the tenants' keys (one per client). */
  readonly keyPrefix: string;
  /** Lines per batch file (the plan's minimum is 20). */
  readonly batchLines?: number;
}

/** A small deterministic random generator (mulberry32), so a run's mix of actions can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Action = "create" | "poll" | "longPoll" | "list" | "createBatch" | "getBatch" | "listBatches" | "estimate" | "models";

// Cumulative weights of the mix.
const MIX: ReadonlyArray<[Action, number]> = [
  ["create", 0.22],
  ["poll", 0.5],
  ["longPoll", 0.55],
  ["list", 0.65],
  ["createBatch", 0.665],
  ["getBatch", 0.75],
  ["listBatches", 0.8],
  ["estimate", 0.9],
  ["models", 1],
];

/** Runs the load until `durationMs` has passed; resolves once every client's last request has answered. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const deadline = Date.now() + options.durationMs;
  const byAction: Record<string, number> = {};
  const examples: string[] = [];
  let requests = 0;
  let unexpected = 0;
  let maxLatencyMs = 0;
  const lines = jsonl(batchLines(options.batchLines ?? 20));

  async function call(action: Action, key: string, path: string, init: RequestInit, expected: number): Promise<any> {
    requests++;
    byAction[action] = (byAction[action] ?? 0) + 1;
    const started = performance.now();
    try {
      const response = await fetch(`${options.baseUrl}${path}`, { ...init, headers: { "x-api-key": key, ...(init.headers as Record<string, string>) } });
      const text = await response.text();
      maxLatencyMs = Math.max(maxLatencyMs, performance.now() - started);
      if (response.status !== expected) {
        unexpected++;
        if (examples.length < 20) examples.push(`${action} ${path}: ${response.status} ${text.slice(0, 200)}`);
        return undefined;
      }
      return text ? JSON.parse(text) : undefined;
    } catch (error) {
      unexpected++;
      if (examples.length < 20) examples.push(`${action} ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  async function client(index: number): Promise<TenantWork> {
    const rng = random(index + 1);
    const work: TenantWork = { key: `scale_${options.keyPrefix}_${index}`, generations: [], batches: [], withWebhook: [] };
    const { key } = work;
    const pick = <T>(items: T[]) => items[Math.floor(rng() * items.length)];
    const json = { "content-type": "application/json" };
    while (Date.now() < deadline) {
      const roll = rng();
      const action = MIX.find(([, upTo]) => roll < upTo)![0];
      const generation = pick(work.generations);
      const batch = pick(work.batches);
      switch (action) {
        case "create": {
          const hooked = rng() < 0.5;
          const body = generationBody(hooked ? { webhookUrl: `${options.webhookUrl}/${key}` } : {});
          const created = await call(action, key, "/v2/generate", { method: "POST", headers: json, body: JSON.stringify(body) }, 201);
          if (created) {
            work.generations.push(created.id);
            if (hooked) work.withWebhook.push(created.id);
          }
          break;
        }
        case "poll":
          if (generation) await call(action, key, `/v2/generate/${generation}`, {}, 200);
          break;
        case "longPoll":
          if (generation) await call(action, key, `/v2/generate/${generation}?wait=true&timeout=1`, {}, 200);
          break;
        case "list":
          await call(action, key, "/v2/generations?limit=20", {}, 200);
          break;
        case "createBatch": {
          const form = new FormData();
          form.append("webhook_url", `${options.webhookUrl}/${key}`);
          form.append("input", new Blob([lines]), "batch.jsonl");
          const created = await call(action, key, "/v2/batch", { method: "POST", body: form }, 201);
          if (created) {
            work.batches.push(created.id);
            work.withWebhook.push(created.id);
          }
          break;
        }
        case "getBatch":
          if (batch) await call(action, key, `/v2/batch/${batch}`, {}, 200);
          break;
        case "listBatches":
          await call(action, key, "/v2/batch", {}, 200);
          break;
        case "estimate":
          await call(action, key, "/v2/generations/estimate", { method: "POST", headers: json, body: '{"model":"lipsync-2","duration":12}' }, 200);
          break;
        case "models":
          await call(action, key, "/v2/models", {}, 200);
          break;
      }
    }
    return work;
  }

  const tenants = await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return { requests, byAction, unexpected, examples, tenants, maxLatencyMs: Math.round(maxLatencyMs) };
}

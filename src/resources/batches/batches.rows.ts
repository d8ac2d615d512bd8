/**
 * POST /v2/batch as JSON, "Create Batch from Rows" (facts §6.3): `{rows: [...], webhook_url?, dry_run?}`. Each row
 * is what one line of a JSONL file holds, so the rows are written out as that file (one row per line: line N is
 * `rows[N-1]`) and the file's one validator checks them, the 5 MB limit applying to the JSONL form.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env.js";
import { ApiError, validationError } from "../../http/errors.js";
import { isJsonContentType, readJson } from "../../http/json-body.js";
import { requestHeader } from "../../http/request-header.js";
import { batchWebhookUrl, hardCapBytes, type BatchForm } from "./batches.multipart.js";
import { fileTooLargeMessage, type BatchFileLimits, type BatchWording } from "./batches.validate.js";

/** How the rows' problems are worded. */
export const ROWS_WORDING: BatchWording = { subject: "rows", units: "rows", sized: " as JSONL" };

/** Whether the request is the JSON form of a batch create. */
export function isRowsRequest(c: Context<AppEnv>): boolean {
  return isJsonContentType(requestHeader(c, "content-type"));
}

const KNOWN_FIELDS = new Set(["rows", "webhook_url", "dry_run"]);

/** Reads the JSON form into what the multipart form reads (the JSONL bytes and the two options), with its problems. */
export async function readBatchRows(c: Context<AppEnv>, limits: BatchFileLimits): Promise<BatchForm> {
  let body: unknown;
  try {
    // The JSON around the rows (brackets, commas, the field names) is small; the cap leaves room for it.
    body = await readJson(c, hardCapBytes(limits.maxFileBytes));
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw validationError([fileTooLargeMessage(limits.maxFileBytes, ROWS_WORDING)]);
    throw error;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw validationError(["the body must be a JSON object with rows"]);
  const fields = body as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of Object.keys(fields)) if (!KNOWN_FIELDS.has(name)) problems.push(`property ${name} should not exist`);

  let file: Uint8Array | undefined;
  if (fields.rows === undefined) problems.push("rows is required (an array of batch records, one per generation)");
  else if (!Array.isArray(fields.rows)) problems.push("rows must be an array");
  else file = Buffer.from(fields.rows.map((row) => JSON.stringify(row)).join("\n"), "utf8");

  let webhookUrl: string | null = null;
  const rawUrl = fields.webhook_url;
  if (typeof rawUrl === "string") webhookUrl = batchWebhookUrl(rawUrl, problems);
  else if (rawUrl !== undefined && rawUrl !== null) problems.push("webhook_url must be a string");

  let dryRun = false;
  const rawDryRun = fields.dry_run;
  if (typeof rawDryRun === "boolean") dryRun = rawDryRun;
  else if (rawDryRun === "true" || rawDryRun === "false") dryRun = rawDryRun === "true";
  else if (rawDryRun !== undefined && rawDryRun !== null) problems.push("dry_run must be a boolean");

  return { file, webhookUrl, dryRun, problems };
}

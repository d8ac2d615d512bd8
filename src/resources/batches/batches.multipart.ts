/**
 * POST /v2/batch as multipart/form-data (facts §6.2): the JSONL file in part `input` (or `file`), and the text
 * parts `webhook_url` and `dry_run`, in any order (the TypeScript SDK sends `dry_run` before or after the
 * file). The file is small by rule, so it is kept in memory, but never beyond a hard cap: a larger upload is
 * cut off as soon as it crosses the cap.
 */
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../env.js";
import { validationError } from "../../http/errors.js";
import { discardFiles, isMultipart, readMultipart } from "../../http/multipart.js";
import { fileTooLargeMessage, type BatchFileLimits } from "./batches.validate.js";

/** Names the file part may have (`file` is the newer docs' alias of `input`). */
export const FILE_PARTS: ReadonlySet<string> = new Set(["input", "file"]);

const WebhookUrlSchema = z.url({ protocol: /^https?$/ });

/** The `webhook_url` of a batch as given (blank: none), adding to `problems` when it is not an absolute http(s) URL. */
export function batchWebhookUrl(value: string, problems: string[]): string | null {
  const url = value.trim() || null;
  if (url !== null && !WebhookUrlSchema.safeParse(url).success) problems.push("webhook_url must be an absolute http or https URL");
  return url;
}

/** The form, read; its problems are reported together with the file's. */
export interface BatchForm {
  /** The JSONL bytes, if a file part came. */
  readonly file: Uint8Array | undefined;
  readonly webhookUrl: string | null;
  readonly dryRun: boolean;
  /** Problems of the form itself: no file, a bad `webhook_url` or `dry_run`, stray parts. */
  readonly problems: string[];
}

/**
 * How much of a batch file is read before the upload is cut off: twice the limit, and at least 1 MB above it.
 * Files between the limit and the cap are read whole, so the size problem is reported with every line's.
 */
export function hardCapBytes(maxFileBytes: number): number {
  return Math.max(2 * maxFileBytes, maxFileBytes + 1024 * 1024);
}

/** Reads the batch form. Throws a 400 when the body is not readable multipart or the file passes the hard cap. */
export async function readBatchForm(c: Context<AppEnv>, limits: BatchFileLimits): Promise<BatchForm> {
  const { deps } = c.var;
  if (!isMultipart(c.req.header("content-type"))) {
    throw validationError(["the body must be multipart/form-data with the JSONL file in a part named input, or JSON with rows"]);
  }
  const form = await readMultipart(c, {
    dir: deps.uploadDir,
    maxFileBytes: hardCapBytes(limits.maxFileBytes),
    tooLarge: () => validationError([fileTooLargeMessage(limits.maxFileBytes)]),
    inMemory: FILE_PARTS,
    maxFieldBytes: 64 * 1024,
    newFileName: () => deps.ids.uuid(),
  });
  // Stray file parts went to disk; nothing of them is kept.
  await discardFiles(form.files);

  const problems: string[] = [];
  const jsonl = form.files.filter((f) => FILE_PARTS.has(f.field));
  for (const stray of form.files.filter((f) => !FILE_PARTS.has(f.field))) {
    problems.push(`unexpected file part "${stray.field}" (send the JSONL file as input)`);
  }
  if (jsonl.length === 0) {
    const asText = form.fields.find((f) => FILE_PARTS.has(f.name));
    problems.push(asText ? `${asText.name} must be a file part, not a text field` : "input is required (a JSONL file part named input or file)");
  } else if (jsonl.length > 1) {
    problems.push("send one JSONL file, as input or as file, not several");
  }

  let webhookUrl: string | null = null;
  let dryRun = false;
  for (const { name, value } of form.fields) {
    if (name === "webhook_url") webhookUrl = batchWebhookUrl(value, problems);
    if (name === "dry_run") {
      const flag = value.trim().toLowerCase();
      if (flag === "true" || flag === "false") dryRun = flag === "true";
      else problems.push('dry_run must be "true" or "false"');
    }
  }
  return { file: jsonl[0]?.data, webhookUrl, dryRun, problems };
}

/**
 * The checks of a batch file (contract §7): every problem of the whole file at once, each naming its line,
 * so a user fixes the file in one go. Line numbers are the file's own (1-based, blank lines counted), as an
 * editor shows them. Nothing here creates anything or touches HTTP; the payload rules come in as a function.
 */
import { nestsDeeperThan, tooDeepProblem } from "../../http/json-depth.js";
import { formatBytes } from "../../http/multipart.js";
import { describeIssues, safeParseReported } from "../../http/validation.js";
import { CreateGenerationDtoSchema, type CreateGenerationDto } from "../generations/generations.schemas.js";
import { checkGenerationRequest, type AssetLookup } from "../generations/generations.service.js";

/** The only endpoint a batch line may call. */
export const BATCH_ENDPOINT = "/v2/generate";

/**
 * Past this many problems the list is cut short, so a pathological file cannot produce a huge answer.
 * Deviation: the real API's limit (if any) is undocumented.
 */
export const MAX_REPORTED_PROBLEMS = 1000;

/** The file rules a scenario sets (`limits.batch`). */
export interface BatchFileLimits {
  readonly minLines: number;
  readonly maxLines: number;
  readonly maxFileBytes: number;
}

/** A line that passed every check. */
export interface ValidLine {
  readonly lineNumber: number;
  readonly requestId: string;
  readonly endpoint: string;
  /** The payload as sent. */
  readonly payload: unknown;
  /** The payload as the Generate API reads it. */
  readonly dto: CreateGenerationDto;
}

/** Problems of one payload (messages start with `payload`), and the request when it is schema-valid. */
export type PayloadCheck = (payload: unknown) => { problems: string[]; dto?: CreateGenerationDto };

/** The verdict on a file. */
export type BatchFileCheck = { readonly ok: true; readonly lines: ValidLine[] } | { readonly ok: false; readonly problems: string[] };

// Deviation: the batch messages follow class-validator's style but are the mock's own wording.
/** What the messages call the batch: a JSONL file, or the `rows` of a JSON body (each row one line). */
export interface BatchWording {
  /** `file` or `rows`. */
  readonly subject: string;
  /** What is counted: `non-empty lines` or `rows`. */
  readonly units: string;
  /** After the size limit: "" for a file, " as JSONL" for rows. */
  readonly sized: string;
}

/** The wording for a JSONL file. */
export const FILE_WORDING: BatchWording = { subject: "file", units: "non-empty lines", sized: "" };

/** The message for a batch over the size limit. */
export function fileTooLargeMessage(maxFileBytes: number, wording: BatchWording = FILE_WORDING): string {
  return `${wording.subject} must not be larger than ${formatBytes(maxFileBytes)}${wording.sized}`;
}

const DTO_FIELDS = new Set(Object.keys(CreateGenerationDtoSchema.shape));

/** Puts a Generate API message under `payload`: `input.0.url …` → `payload.input.0.url …`. */
function inPayload(message: string): string {
  const field = /^[A-Za-z_]+/.exec(message)?.[0];
  return field && DTO_FIELDS.has(field) ? `payload.${message}` : `payload: ${message}`;
}

/**
 * The Generate API's synchronous rules for a tenant (contract §5): the zod schema of CreateGenerationDto,
 * then the cross-field rules and asset references. An unknown `assetId` is one of the line's problems here,
 * not a 404 (contract §10a).
 */
export function payloadChecker(findAsset: AssetLookup): PayloadCheck {
  return (payload) => {
    const parsed = safeParseReported(CreateGenerationDtoSchema, payload);
    if (!parsed.success) {
      return { problems: describeIssues(parsed.error.issues.map((issue) => ({ ...issue, path: ["payload", ...issue.path] })), "payload") };
    }
    const { problems, missingAssets } = checkGenerationRequest(parsed.data, findAsset);
    return {
      problems: [
        ...problems.map(inPayload),
        ...missingAssets.map(({ index, assetId }) => `payload.input.${index}.assetId ${JSON.stringify(assetId)} is not an asset of this account`),
      ],
      dto: parsed.data,
    };
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The file's non-empty lines with their numbers, one at a time: a file of millions of tiny lines is walked,
 * never split into an array of them.
 */
function* nonEmptyLines(text: string): Generator<{ lineNumber: number; text: string }> {
  let start = 0;
  for (let lineNumber = 1; start <= text.length; lineNumber++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== "") yield { lineNumber, text: line };
    start = end + 1;
  }
}

function countNonEmptyLines(text: string): number {
  let count = 0;
  for (const _ of nonEmptyLines(text)) count++;
  return count;
}

/** Checks one line; returns its problems (without the `line N:` prefix) and, if it is valid, the line. */
function checkLine(
  lineNumber: number,
  text: string,
  firstLineOfId: Map<string, number>,
  checkPayload: PayloadCheck,
): { problems: string[]; line?: ValidLine } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: ["is not valid JSON"] };
  }
  if (nestsDeeperThan(value)) return { problems: [tooDeepProblem()] };
  if (!isObject(value)) return { problems: ["must be a JSON object with request_id, endpoint and payload"] };

  const problems: string[] = [];
  const requestId = value.request_id;
  if (requestId === undefined || requestId === null) problems.push("request_id is required");
  else if (typeof requestId !== "string") problems.push("request_id must be a string");
  else if (requestId.trim() === "") problems.push("request_id should not be empty");
  else {
    const first = firstLineOfId.get(requestId);
    if (first !== undefined) problems.push(`request_id ${JSON.stringify(requestId)} duplicates line ${first}`);
    else firstLineOfId.set(requestId, lineNumber);
  }

  if (value.endpoint === undefined || value.endpoint === null) problems.push("endpoint is required");
  else if (value.endpoint !== BATCH_ENDPOINT) problems.push(`endpoint must be "${BATCH_ENDPOINT}"`);

  if (value.payload === undefined || value.payload === null) return { problems: [...problems, "payload is required"] };
  const payload = checkPayload(value.payload);
  problems.push(...payload.problems);
  if (problems.length > 0 || !payload.dto) return { problems };
  return { problems, line: { lineNumber, requestId: requestId as string, endpoint: BATCH_ENDPOINT, payload: value.payload, dto: payload.dto } };
}

/**
 * Checks a whole batch file (all of it: a file cut off at the reader's hard cap never gets here). Whole-file
 * problems (size, number of lines) come first, then each line's, in line order. Never throws on any input.
 */
export function validateBatchFile(bytes: Uint8Array, limits: BatchFileLimits, checkPayload: PayloadCheck, wording: BatchWording = FILE_WORDING): BatchFileCheck {
  const problems: string[] = [];
  if (bytes.byteLength > limits.maxFileBytes) problems.push(fileTooLargeMessage(limits.maxFileBytes, wording));

  // TextDecoder drops a leading byte-order mark and replaces invalid UTF-8, which then fails as JSON.
  const text = new TextDecoder("utf-8").decode(bytes);
  const count = countNonEmptyLines(text);
  const { subject, units } = wording;
  if (count < limits.minLines) problems.push(`${subject} must contain at least ${limits.minLines} ${units} (found ${count})`);
  if (count > limits.maxLines) problems.push(`${subject} must contain no more than ${limits.maxLines} ${units} (found ${count})`);

  const valid: ValidLine[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const { lineNumber, text: line } of nonEmptyLines(text)) {
    if (problems.length > MAX_REPORTED_PROBLEMS) break;
    const checked = checkLine(lineNumber, line, firstLineOfId, checkPayload);
    for (const problem of checked.problems) problems.push(`line ${lineNumber}: ${problem}`);
    // Once anything is wrong no line is used, so valid ones need not be kept.
    if (checked.line && problems.length === 0) valid.push(checked.line);
  }
  if (problems.length > MAX_REPORTED_PROBLEMS) {
    return { ok: false, problems: [...problems.slice(0, MAX_REPORTED_PROBLEMS), `… and more problems (only the first ${MAX_REPORTED_PROBLEMS} are listed)`] };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines: valid };
}

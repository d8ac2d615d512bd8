/**
 * The one place error bodies are built. Every non-2xx answer of the mock goes through {@link ApiError} and
 * {@link errorBody}, in the NestJS shape the real API uses: `{statusCode, message, error}` plus `errorCode`
 * where a code applies (contract §10). The same table documents the error responses in the OpenAPI document.
 */
import { z } from "@hono/zod-openapi";

/** HTTP reason phrases, as NestJS puts them in `error`. */
const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The reason phrase for a status. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Error";
}

/** The JSON of an error answer. */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
  errorCode?: string;
  requestId?: string;
  [extra: string]: unknown;
}

interface ErrorSpec {
  readonly status: number;
  readonly errorCode?: string;
  /** The 401 for a rejected key is the one body without `error` (facts §1.2). */
  readonly bare?: boolean;
  readonly description: string;
  readonly message: (detail: string) => string | string[];
}

/**
 * Every error the mock can answer with. `detail` fills in the message where it varies.
 */
export const ERRORS = {
  missing_api_key: {
    status: 401,
    description: "No x-api-key header",
    message: () => "Either Cookie or x-api-key header must be provided",
  },
  invalid_api_key: { status: 401, bare: true, description: "The key is not accepted", message: () => "Unauthorized" },
  // sync-mock's own: the admin plane of a mock started with --admin-token.
  admin_token_required: {
    status: 401,
    description: "The admin plane needs the admin token (x-mock-admin-token header, Bearer, or the sync_mock_admin cookie)",
    message: () => "This mock's admin plane needs its admin token: send it as the x-mock-admin-token header (or Authorization: Bearer <token>)",
  },
  malformed_json: { status: 400, description: "The body is not valid JSON", message: (detail) => detail },
  invalid_query: { status: 400, description: "A query parameter is invalid", message: (detail) => [detail] },
  // Deviation: the real API's status for a malformed id is undocumented; the mock answers 400 with the catalogue's code.
  invalid_generation_id: {
    status: 400,
    errorCode: "invalid_generation_id",
    description: "The id is not a UUID",
    message: (id) => `"${id}" is not a valid generation id`,
  },
  generation_not_found: {
    status: 404,
    errorCode: "generation_not_found",
    description: "No generation with this id for this key",
    message: (id) => `Generation ${id} not found`,
  },
  generation_not_deletable_while_processing: {
    status: 409,
    errorCode: "generation_not_deletable_while_processing",
    description: "The generation is still PENDING or PROCESSING; only a finished one can be deleted",
    message: (id) => `Generation ${id} is still processing; only COMPLETED, FAILED or REJECTED generations can be deleted`,
  },
  // Deviation: the real API's answer for these two cases is undocumented; the mock answers 409 with the catalogue's
  // generation_conflict (a batch's generation is kept with its batch; only a COMPLETED generation has an output).
  generation_conflict: {
    status: 409,
    errorCode: "generation_conflict",
    description: "The generation cannot do this in its state (a batch's item cannot be deleted alone; no output before COMPLETED)",
    message: (detail) => detail,
  },
  asset_not_found: {
    status: 404,
    errorCode: "asset_not_found",
    description: "No asset with this id for this key",
    message: (id) => `Asset ${id} not found`,
  },
  // The mock has no Projects API yet: every projectId names no project.
  project_not_found: {
    status: 404,
    errorCode: "project_not_found",
    description: "No project with this id (the mock has no projects)",
    message: (id) => `Project ${id} not found`,
  },
  // Deviation: as for generations, the status of a malformed asset id is undocumented; 400 with the catalogue's code.
  invalid_asset_id_format: {
    status: 400,
    errorCode: "invalid_asset_id_format",
    description: "The asset id is not a UUID",
    message: (id) => `"${id}" is not a valid asset id`,
  },
  // Deviation: the real API's reason for 403 is unpublished; the mock refuses to change an asset an in-flight
  // generation reads (org = key, so no asset is another member's).
  asset_forbidden: {
    status: 403,
    errorCode: "asset_forbidden",
    description: "The asset cannot be changed or deleted now (a generation in flight reads it)",
    message: (detail) => detail,
  },
  uploaded_file_not_found: {
    status: 404,
    errorCode: "uploaded_file_not_found",
    description: "The URL is an upload URL of this key whose bytes were never PUT",
    message: (url) => `No file was uploaded to ${url}; PUT the bytes to the uploadUrl first`,
  },
  file_not_in_org_storage: {
    status: 403,
    errorCode: "file_not_in_org_storage",
    description: "The URL points at the mock's storage but at a file another key uploaded (or a wrong token)",
    message: (url) => `${url} is not a file of your organization's storage`,
  },
  // Deviation: the plans' per-file limits are unpublished; the mock's defaults are in the README.
  file_size_exceeds_plan_limit: {
    status: 422,
    errorCode: "file_size_exceeds_plan_limit",
    description: "The file is larger than the plan allows for one asset",
    message: (detail) => detail,
  },
  // Deviation: the real API's code for an unknown batch is undocumented; `batch_not_found` mirrors generation_not_found.
  batch_not_found: {
    status: 404,
    errorCode: "batch_not_found",
    description: "No batch with this id for this key",
    message: (id) => `Batch ${id} not found`,
  },
  // Thrown as validationError(problems) with every problem of the file; listed so the batch route documents it.
  batch_validation_failed: {
    status: 400,
    description: "The batch file or a form field is invalid (every problem, each naming its line)",
    message: (detail) => [detail],
  },
  // Deviation: the documented 402 body's message is not published; this wording is the mock's.
  plan_feature_unavailable: {
    status: 402,
    errorCode: "plan_feature_unavailable",
    description: "The plan does not include the Batch API (Scale and Enterprise only)",
    message: (plan) => `The Batch API is available on the Scale and Enterprise plans only; this key is on the ${plan} plan. Upgrade your plan to use it.`,
  },
  result_not_found: { status: 404, description: "Unknown result or wrong token", message: () => "Not Found" },
  route_not_found: { status: 404, description: "No such route", message: (detail) => detail },
  payload_too_large: { status: 413, description: "The JSON body is over 1 MB", message: () => "Payload Too Large" },
  upload_too_large: {
    status: 413,
    errorCode: "generation_input_validation_failed",
    description: "An uploaded file is over the per-file limit",
    message: (detail) => detail,
  },
  bad_multipart: {
    status: 400,
    errorCode: "generation_input_validation_failed",
    description: "The multipart body cannot be read",
    message: (detail) => detail,
  },
  delivery_not_found: { status: 404, description: "No such webhook attempt (for this key)", message: (id) => `Webhook delivery ${id} not found` },
  journal_entry_not_found: { status: 404, description: "No such request in the journal (for this key)", message: (id) => `Request ${id} is not in the journal` },
  delivery_wait_timeout: { status: 408, description: "Nothing matching arrived in time", message: (detail) => detail },
  unknown_scenario: { status: 400, description: "x-mock-scenario names no scenario", message: (detail) => `Unknown scenario ${detail}` },
  rate_limit_exceeded: {
    status: 429,
    errorCode: "rate_limit_exceeded",
    description: "The scenario's request-rate limit for this key and endpoint is used up",
    message: () => "Rate limit exceeded. Please try again later.",
  },
  range_not_satisfiable: { status: 416, description: "The Range cannot be served", message: () => "Range Not Satisfiable" },
  concurrency_limit_reached: {
    status: 429,
    errorCode: "concurrency_limit_reached",
    description: "Too many generations in flight for the plan",
    message: (detail) => detail,
  },
  batch_concurrency_limit_reached: {
    status: 429,
    errorCode: "concurrency_limit_reached",
    description: "Too many batches running for the plan",
    message: () => "Batch concurrency limit reached. Please wait for an existing batch to complete or upgrade your plan.",
  },
  // The Redis store only: the shared state is unreachable; the request changed nothing and can be retried.
  store_unavailable: {
    status: 503,
    errorCode: "store_unavailable",
    description: "The shared state store (Redis, with `--store redis://…`) cannot be reached; nothing was changed",
    message: (detail) => detail,
  },
  internal_error: {
    status: 500,
    errorCode: "internal_error",
    description: "An unexpected error",
    message: () => "Internal server error",
  },
} as const satisfies Record<string, ErrorSpec>;

/** A key of {@link ERRORS}. */
export type ErrorKey = keyof typeof ERRORS;

/** Builds the body of an error answer. */
export function errorBody(key: ErrorKey, detail = "", extra: Record<string, unknown> = {}): ErrorBody {
  const spec: ErrorSpec = ERRORS[key];
  const body: ErrorBody = { statusCode: spec.status, message: spec.message(detail) };
  if (!spec.bare) body.error = reasonPhrase(spec.status);
  if (spec.errorCode) body.errorCode = spec.errorCode;
  return Object.assign(body, extra);
}

/** The body for an error some library raised with only a status and a message. */
export function statusBody(status: number, message: string): ErrorBody {
  return { statusCode: status, message: message || reasonPhrase(status), error: reasonPhrase(status) };
}

/** A validation failure: 400 with every problem in `message`. */
export function validationBody(problems: string[]): ErrorBody {
  return { statusCode: 400, message: problems, error: reasonPhrase(400) };
}

/** An error to throw from anywhere below a handler; the app's error handler answers it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(Array.isArray(body.message) ? body.message.join("; ") : body.message);
    this.name = "ApiError";
  }
}

/** Creates the {@link ApiError} for a table entry. */
export function apiError(
  key: ErrorKey,
  detail = "",
  options: { extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
): ApiError {
  return new ApiError(ERRORS[key].status, errorBody(key, detail, options.extra), options.headers);
}

/** A 400 carrying a list of validation problems. */
export function validationError(problems: string[]): ApiError {
  return new ApiError(400, validationBody(problems));
}

/** The error body as documented in OpenAPI. */
export const ErrorBodySchema = z
  .object({
    statusCode: z.number().int().openapi({ example: 400 }),
    message: z.union([z.string(), z.array(z.string())]).openapi({ description: "What went wrong; an array for validation problems" }),
    error: z.string().optional().openapi({ description: "HTTP reason phrase", example: "Bad Request" }),
    errorCode: z.string().optional().openapi({ description: "Stable machine-readable code", example: "generation_not_found" }),
    requestId: z.string().optional().openapi({ description: "Present on 500 answers, for the logs" }),
    activeGenerations: z.number().int().optional(),
    activeBatches: z.number().int().optional(),
    concurrencyLimit: z.number().int().optional(),
    retryAfterSeconds: z.number().int().optional(),
  })
  .openapi("GenerationError");

/**
 * OpenAPI `responses` entries for the given errors, grouped by status (descriptions joined), so the document
 * and the runtime come from the same table.
 */
export function errorResponses(...keys: ErrorKey[]) {
  const byStatus = new Map<number, string[]>();
  // Every route reads or writes the state, so every route can meet a store that is down.
  for (const key of [...keys, "store_unavailable" as const]) {
    const spec: ErrorSpec = ERRORS[key];
    byStatus.set(spec.status, [...(byStatus.get(spec.status) ?? []), spec.description]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, descriptions]) => [
      status,
      { description: descriptions.join("; "), content: { "application/json": { schema: ErrorBodySchema } } },
    ]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof ErrorBodySchema } } }>;
}

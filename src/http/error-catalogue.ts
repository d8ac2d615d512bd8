/**
 * The error catalogue `GET /v2/errors` serves: every `errorCode` the mock can answer with, built from the one
 * error table ({@link ERRORS}) and the failure codes generations end with ({@link FAILURE_MESSAGES}). The
 * texts below are typed by those two tables, so a code added to either does not compile until it is described
 * here: the catalogue cannot disagree with what the mock answers.
 */
import { FAILURE_MESSAGES, type FailureCode } from "../domain/outcome.js";
import { ERRORS, type ErrorKey } from "./errors.js";

/** One entry of the catalogue (facts §4.2: `{code, message, suggestion}`). */
export interface ErrorCatalogEntry {
  readonly code: string;
  readonly message: string;
  readonly suggestion: string;
}

/** An `errorCode` some HTTP error answer carries. */
type AnsweredCode = { [K in ErrorKey]: (typeof ERRORS)[K] extends { readonly errorCode: infer C extends string } ? C : never }[ErrorKey];

// Several table entries share a code (every multipart problem is generation_input_validation_failed), so the
// catalogue's message is the code's general meaning, not one entry's wording.
const ANSWERED: Readonly<Record<AnsweredCode, Omit<ErrorCatalogEntry, "code">>> = {
  invalid_generation_id: { message: "The generation id is not a valid id.", suggestion: "Pass the id exactly as the create call returned it (a UUID)." },
  generation_not_found: {
    message: "No generation with this id exists for your organization.",
    suggestion: "Check the id, and that the request uses the API key the generation was created with.",
  },
  generation_not_deletable_while_processing: {
    message: "A generation that is still pending or processing cannot be deleted.",
    suggestion: "Wait until it is COMPLETED, FAILED or REJECTED, then delete it.",
  },
  generation_conflict: {
    message: "The generation's state does not allow this operation.",
    suggestion: "Read the message: a batch's generation is deleted with its batch only; an output exists once the generation is COMPLETED.",
  },
  asset_not_found: { message: "No asset with this id exists for your organization.", suggestion: "Check the id, or list your assets with GET /v2/assets." },
  project_not_found: { message: "No project with this id exists for your organization.", suggestion: "Check the projectId, or leave it out." },
  invalid_asset_id_format: { message: "The asset id is not a valid id.", suggestion: "Pass the asset id exactly as the API returned it (a UUID)." },
  asset_forbidden: {
    message: "You are not allowed to change this asset now.",
    suggestion: "Wait until the generations that read the asset have finished, then change or delete it.",
  },
  uploaded_file_not_found: {
    message: "No file was uploaded at this URL.",
    suggestion: "PUT the file's bytes to the uploadUrl of POST /v2/assets/upload before registering its url.",
  },
  file_not_in_org_storage: {
    message: "The file is not in your organization's storage.",
    suggestion: "Register a url that POST /v2/assets/upload returned for this API key, or any public URL.",
  },
  file_size_exceeds_plan_limit: {
    message: "The file is larger than your plan allows.",
    suggestion: "Upload a smaller file, or upgrade your plan for larger assets.",
  },
  batch_not_found: { message: "No batch with this id exists for your organization.", suggestion: "Check the id the create call returned, or list batches with GET /v2/batch." },
  plan_feature_unavailable: {
    message: "Your plan does not include this feature.",
    suggestion: "The Batch API needs the Scale or Enterprise plan; upgrade, or create the generations one by one.",
  },
  generation_input_validation_failed: {
    message: "Failed to validate input.",
    suggestion: "Read the message: it names each field or file that is wrong. Fix them and send the request again.",
  },
  rate_limit_exceeded: { message: "Your per-key request rate was exceeded.", suggestion: "Wait for the time in the Retry-After header, then retry." },
  concurrency_limit_reached: {
    message: "You have too many generations (or batches) in progress.",
    suggestion: "Wait for one to finish, or upgrade your plan for more concurrent jobs.",
  },
  // Deviation: sync-mock's own code (the real catalogue has none for it); only the Redis store answers it.
  store_unavailable: {
    message: "The mock's shared state store (Redis) cannot be reached; nothing was changed.",
    suggestion: "Check that Redis is running and reachable from every replica; the request can be retried as it is.",
  },
  internal_error: { message: "An unexpected error occurred.", suggestion: "Retry later; if it persists, report the requestId." },
};

const FAILURE_SUGGESTIONS: Readonly<Record<FailureCode, string>> = {
  generation_input_video_inaccessible: "Make sure the video URL is public and answers a GET without credentials.",
  generation_input_audio_inaccessible: "Make sure the audio URL is public and answers a GET without credentials.",
  generation_input_image_inaccessible: "Make sure the image URL is public and answers a GET without credentials.",
  generation_input_video_invalid: "Re-encode the video (H.264 MP4 is safest) and try again.",
  generation_input_audio_invalid: "Re-encode the audio (WAV or MP3) and try again.",
  generation_input_image_invalid: "Use a PNG or JPEG image.",
  generation_input_duration_greater_than_max_duration: "Trim the audio to 300 seconds or less, or split it over several generations.",
  generation_model_duration_exceeded: "Trim the input to the model's maximum, or use a model without that limit.",
  generation_plan_duration_exceeded: "Shorten the input, or upgrade your plan for longer generations.",
  generation_pipeline_failed: "Retry the generation; if it fails again, report its id.",
  generation_timeout: "Retry the generation; shorter inputs finish sooner.",
  generation_unknown_error: "Retry the generation; if it fails again, report its id.",
  generation_input_face_selection_invalid: "Check the face selection's coordinates and frame against the video.",
  generation_input_resolution_unsupported: "Scale the video to a supported resolution (up to 4K).",
  generation_input_segments_invalid: "Make the segments lie within the input's duration, in order and not overlapping.",
  generation_infra_service_unavailable: "Retry later.",
  account_payment_required: "Add a payment method to your account.",
};

/** The catalogue, HTTP error codes first, each code once. */
export function errorCatalogue(): ErrorCatalogEntry[] {
  const answered = new Set<string>();
  for (const spec of Object.values(ERRORS)) if ("errorCode" in spec) answered.add(spec.errorCode);
  const entries: ErrorCatalogEntry[] = [...answered].map((code) => ({ code, ...ANSWERED[code as AnsweredCode] }));
  for (const [code, message] of Object.entries(FAILURE_MESSAGES)) {
    if (!answered.has(code)) entries.push({ code, message, suggestion: FAILURE_SUGGESTIONS[code as FailureCode] });
  }
  return entries;
}

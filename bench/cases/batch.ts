/**
 * Batch: not measurable yet. The Batch API (issue 3) and webhooks (issue 4) are being built in other branches;
 * until they land these cases are listed in the report as pending, never faked. To add one, give it a `run`
 * (start `startSyncMock()`, time the request through HTTP, return its row) and drop `pending`.
 */
import type { BenchCase } from "../lib/case.js";

/** Time to validate a 500-line, ~5 MB JSONL batch input. */
export const batchValidateCase: BenchCase = {
  id: "batch-validate",
  title: "Batch: validate a 500-line, ~5 MB JSONL",
  pending: "needs the Batch API (issue 3)",
};

/** Time for one manual clock advance to finish a 500-item batch, with 500 webhook deliveries to a local receiver (goal < 2 s). */
export const batchAdvanceCase: BenchCase = {
  id: "batch-advance",
  title: "Batch: one clock advance finishes 500 items and delivers 500 webhooks (goal < 2 s)",
  pending: "needs the Batch API (issue 3) and webhooks (issue 4)",
};

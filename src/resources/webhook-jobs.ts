/**
 * What a webhook delivery sends, found from its job: the generation's or batch's notification payload at the
 * tenant's time of sending, and the webhook policy of the scenario it was created under.
 */
import { andThen } from "../domain/awaitable.js";
import type { WebhookJobs } from "../webhooks/dispatcher.js";
import { serializeBatchNotification } from "./batches/batches.serialize.js";
import { serializeGeneration } from "./generations/generations.serialize.js";

/** The job finder of the dispatcher, for URLs under `publicUrl()`. */
export function webhookJobs(publicUrl: () => string): WebhookJobs {
  return (tenant, jobType, jobId) => {
    if (jobType === "generation") {
      return andThen(tenant.generations.get(jobId), (record) =>
        record ? { payload: serializeGeneration(record, tenant.now(), publicUrl()), policy: record.webhookPolicy } : undefined,
      );
    }
    return andThen(tenant.batches.get(jobId), (record) =>
      record ? { payload: serializeBatchNotification(record, tenant.now(), publicUrl()), policy: record.webhookPolicy } : undefined,
    );
  };
}

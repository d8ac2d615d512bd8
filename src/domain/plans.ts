/**
 * Sync's plans and the limits that differ between them. The numbers are the real API's published ones
 * (facts §5.2, §8.3); a scenario may override the limits per plan.
 */

export const PLANS = ["free", "hobbyist", "creator", "growth", "scale", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

/** What a plan allows. */
export interface PlanLimits {
  /** Generations PENDING or PROCESSING at once (batch items excluded). */
  readonly concurrency: number;
  /** Longest output a single generation may have, in seconds; longer ones are REJECTED. */
  readonly maxGenerationSeconds: number;
  /** Whether the Batch API is available (Scale and Enterprise only). */
  readonly batch: boolean;
  /** Batches running at once. */
  readonly batchConcurrency: number;
  /** Largest file one asset may be (uploads to POST /v2/assets/upload), in bytes. */
  readonly maxAssetBytes: number;
}

const MB = 1024 * 1024;

/**
 * The defaults for each plan.
 * Deviation: the per-file asset limits are unpublished (only the 5 GB ceiling of an upload is); these are the mock's.
 */
export const DEFAULT_PLAN_LIMITS: Readonly<Record<Plan, PlanLimits>> = {
  free: { concurrency: 1, maxGenerationSeconds: 20, batch: false, batchConcurrency: 0, maxAssetBytes: 100 * MB },
  hobbyist: { concurrency: 1, maxGenerationSeconds: 60, batch: false, batchConcurrency: 0, maxAssetBytes: 500 * MB },
  creator: { concurrency: 3, maxGenerationSeconds: 300, batch: false, batchConcurrency: 0, maxAssetBytes: 1024 * MB },
  growth: { concurrency: 6, maxGenerationSeconds: 600, batch: false, batchConcurrency: 0, maxAssetBytes: 2048 * MB },
  scale: { concurrency: 15, maxGenerationSeconds: 1800, batch: true, batchConcurrency: 3, maxAssetBytes: 5120 * MB },
  enterprise: { concurrency: 50, maxGenerationSeconds: 1800, batch: true, batchConcurrency: 10, maxAssetBytes: 5120 * MB },
};

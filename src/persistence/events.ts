/**
 * What the state log records: one event per change of state that a restart must reproduce. Records are stored
 * as they are (timelines' `Infinity` is written as null, see the codec), so a restart rebuilds exactly what
 * clients saw, without deciding anything again.
 */
import type { AssetRecord } from "../resources/assets/assets.store.js";
import type { GenerationRecord } from "../resources/generations/generations.store.js";
import type { BatchRecord } from "../resources/batches/batches.store.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { DeliveryAttempt } from "../webhooks/webhook-log.js";

/** A batch as logged: its items name their generations, which are logged before it. */
export type LoggedBatch = Omit<BatchRecord, "items" | "timeline"> & {
  readonly items: ReadonlyArray<Omit<BatchRecord["items"][number], "generation"> & { readonly generationId: string }>;
  readonly itemsStartAt: number;
  readonly failsAt: number | null;
};

/** One change of state. */
export type StateEvent =
  | { readonly e: "start"; readonly format: 1; readonly clock: "real" | "manual"; readonly manualStart: number }
  // An asset stored or changed (the later event replaces the earlier).
  | { readonly e: "asset"; readonly key: string; readonly record: AssetRecord }
  | { readonly e: "asset-removed"; readonly key: string; readonly id: string }
  // A presigned upload's id, owned by the key before its bytes arrive.
  | { readonly e: "asset-reserved"; readonly key: string; readonly id: string }
  | { readonly e: "generation"; readonly key: string; readonly record: GenerationRecord }
  | { readonly e: "generation-removed"; readonly key: string; readonly id: string }
  | { readonly e: "poll"; readonly key: string; readonly id: string; readonly step: number; readonly at: number }
  | { readonly e: "batch"; readonly key: string; readonly record: LoggedBatch }
  | { readonly e: "webhook"; readonly attempt: DeliveryAttempt }
  | { readonly e: "shift"; readonly key?: string | undefined; readonly ms: number }
  // A key's own shift set outright (an imported snapshot starts the key's clock where the snapshot's was).
  | { readonly e: "tenant-clock"; readonly key: string; readonly shiftMs: number }
  | { readonly e: "scenario"; readonly key?: string | undefined; readonly scenario: Scenario | null }
  | { readonly e: "reset"; readonly key?: string | undefined };

/** Where events go (a no-op without `--data-dir`). */
export interface StateRecorder {
  record(event: StateEvent): void;
}

/** Records nothing. */
export const NO_RECORDER: StateRecorder = { record: () => undefined };

/** The logged form of a batch. */
export function loggedBatch(record: BatchRecord): LoggedBatch {
  const { items, timeline, ...rest } = record;
  return {
    ...rest,
    items: items.map(({ generation, ...item }) => ({ ...item, generationId: generation.id })),
    itemsStartAt: timeline.itemsStartAt,
    failsAt: timeline.failsAt,
  };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTIVE_STATUSES, planTimeline, statusAt, terminalAt } from "../../domain/job-machine.js";
import { WebhookPolicySchema } from "../../scenarios/scenario.schema.js";
import { MemoryGenerationStore, type GenerationRecord } from "./generations.store.js";

function record(id: number, createdAt: number, pendingMs: number, processingMs: number, held: boolean, batch: boolean): GenerationRecord {
  const timeline = planTimeline(createdAt, "COMPLETED", { pendingMs, processingMs }, held ? "PROCESSING" : undefined);
  return {
    id: `g${id}`,
    createdAt,
    model: "lipsync-2",
    input: [],
    options: null,
    segments: null,
    webhookUrl: null,
    outputFileName: null,
    projectId: null,
    timeline,
    progression: "time",
    outcome: { status: "COMPLETED", outputDuration: 1 },
    rule: null,
    webhookPolicy: WebhookPolicySchema.parse({}),
    resultToken: "t",
    batchId: batch ? "b" : null,
  };
}

describe("MemoryGenerationStore.active", () => {
  it("counts what a scan of every stand-alone record would count, as time moves forward", () => {
    // Coarse times, so that a job often ends exactly at a "now" (the boundary is where an off-by-one hides).
    const ms = (max: number) => fc.nat(max).map((n) => n * 250);
    const step = fc.record({
      advance: ms(8),
      pendingMs: ms(4),
      processingMs: ms(4),
      held: fc.boolean(),
      batch: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const store = new MemoryGenerationStore();
        const all: GenerationRecord[] = [];
        let now = 0;
        steps.forEach((s, i) => {
          now += s.advance;
          const r = record(i, now, s.pendingMs, s.processingMs, s.held, s.batch);
          store.add(r);
          all.push(r);
          const active = all.filter((a) => a.batchId === null && ACTIVE_STATUSES.has(statusAt(a.timeline, now)));
          const nextEndAt = Math.min(Number.POSITIVE_INFINITY, ...active.map((a) => terminalAt(a.timeline)));
          expect(store.active(now)).toEqual({ count: active.length, nextEndAt });
        });
      }),
    );
  });
});

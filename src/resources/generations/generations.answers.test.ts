import { describe, expect, it } from "vitest";
import { DEFAULT_PLAN_LIMITS } from "../../domain/plans.js";
import { KEPT_ANSWERS, PollAnswers } from "./generations.answers.js";
import { generationRecord } from "./generations.fixture.js";
import { serializeGeneration } from "./generations.serialize.js";
import type { GenerationRecord } from "./generations.store.js";

const URL_A = "http://127.0.0.1:4010";

/** A generation created at 0: PENDING until 1,000, PROCESSING until 3,000, then COMPLETED. */
const record = (id: string) => generationRecord({ id });

const expected = (r: GenerationRecord, now: number, publicUrl = URL_A) => JSON.stringify(serializeGeneration(r, now, publicUrl));

describe("PollAnswers", () => {
  it("answers what serializing the generation answers, at every status it passes through", () => {
    const answers = new PollAnswers();
    const r = record("g1");
    for (const now of [0, 500, 999, 1_000, 2_000, 2_999, 3_000, 10_000]) expect(answers.text(r, now, URL_A)).toBe(expected(r, now));
  });

  it("keeps the text while the status stays, and builds it again once the status moves", () => {
    const answers = new PollAnswers();
    const r = record("g1");
    const pending = answers.text(r, 0, URL_A);
    // Records never change; one that did would show whether the text was built again.
    (r as { model: string }).model = "lipsync-2-pro";
    expect(answers.text(r, 999, URL_A)).toBe(pending);
    expect(JSON.parse(answers.text(r, 1_000, URL_A))).toMatchObject({ status: "PROCESSING", model: "lipsync-2-pro" });
    const completed = answers.text(r, 3_000, URL_A);
    expect(JSON.parse(completed)).toMatchObject({ status: "COMPLETED", outputUrl: `${URL_A}/v2/generations/g1/result?token=token` });
  });

  it("builds the text again when the public URL changes", () => {
    const answers = new PollAnswers();
    const r = record("g1");
    answers.text(r, 5_000, URL_A);
    expect(answers.text(r, 5_000, "http://mock.test")).toBe(expected(r, 5_000, "http://mock.test"));
  });

  it("keeps enough answers for every job a key on any plan can have in flight", () => {
    expect(KEPT_ANSWERS).toBeGreaterThanOrEqual(Math.max(...Object.values(DEFAULT_PLAN_LIMITS).map((plan) => plan.concurrency)));
  });

  it("keeps at most its capacity, dropping the answer built longest ago", () => {
    const answers = new PollAnswers(2);
    const [a, b, c] = [record("a"), record("b"), record("c")];
    answers.text(a, 0, URL_A);
    answers.text(b, 0, URL_A);
    answers.text(a, 1_000, URL_A); // rebuilt: now the newest
    answers.text(c, 0, URL_A);
    expect(answers.size).toBe(2);
    expect([answers.has(a), answers.has(b), answers.has(c)]).toEqual([true, false, true]);
    expect(answers.text(b, 0, URL_A)).toBe(expected(b, 0));
    expect([answers.has(a), answers.has(b), answers.has(c)]).toEqual([false, true, true]);
  });
});

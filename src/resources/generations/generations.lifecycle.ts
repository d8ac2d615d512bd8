/**
 * How a new generation will live: the scenario's outcome rules over the default outcome, the timing preset and
 * progression, and what happens when a poll moves a poll-driven job on. Webhooks are made from here so both
 * time- and poll-driven jobs notify exactly once, when they end.
 */
import { andThen, type Awaitable } from "../../domain/awaitable.js";
import { planTimeline, statusAt, terminalAt, type Timeline } from "../../domain/job-machine.js";
import { failureMessage, type Outcome } from "../../domain/outcome.js";
import { phaseDurations } from "../../domain/timing.js";
import { decideLifecycle, ruleLabel, type LifecycleDecision, type RequestFacts } from "../../scenarios/decide.js";
import { decideCounted } from "../../scenarios/rule-uses.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { AppDeps } from "../../services.js";
import type { Tenant } from "../../tenants/tenant.js";
import { deliveryId, type Delivery } from "../../webhooks/delivery.js";
import type { GenerationRecord } from "./generations.store.js";

/** What planning decided. */
export interface Plan {
  readonly outcome: Outcome;
  readonly timeline: Timeline;
  readonly progression: "time" | "polls";
  /** The label of the scenario rule that scripted it, if any. */
  readonly rule: string | null;
}

/**
 * Plans a generation created at `now` whose phases start at `startsAt` (later for batch items): the first
 * matching lifecycle rule overrides the media-based outcome, then the timing preset sets the durations.
 */
export function planGeneration(
  deps: AppDeps,
  tenant: Tenant,
  scenario: Scenario,
  facts: RequestFacts,
  base: Outcome,
  model: string,
  now: number,
  startsAt: number,
): Awaitable<Plan> {
  // Most scenarios have no rules: then there is nothing to count (and, in Redis, nothing to ask).
  if (scenario.rules.length === 0) return plan(scenario, undefined, base, model, now, startsAt);
  const decided = decideCounted(tenant.ruleUses, scenario, (uses) => decideLifecycle(scenario.rules, facts, uses, () => deps.ids.random()));
  return andThen(decided, (decision) => plan(scenario, decision, base, model, now, startsAt));
}

function plan(scenario: Scenario, decision: LifecycleDecision | undefined, base: Outcome, model: string, now: number, startsAt: number): Plan {
  let outcome = base;
  let holdIn: "PENDING" | "PROCESSING" | undefined;
  if (decision?.kind === "fail" || decision?.kind === "reject") {
    const status = decision.kind === "fail" ? "FAILED" : "REJECTED";
    outcome = { status, errorCode: decision.code, error: decision.message ?? failureMessage(decision.code), outputDuration: base.outputDuration };
  } else if (decision?.kind === "complete") {
    outcome = { status: "COMPLETED", outputDuration: base.outputDuration };
  } else if (decision?.kind === "stuck") {
    holdIn = decision.state;
  }
  const progression = scenario.timing.progression;
  const durations =
    progression === "polls"
      ? { pendingMs: Number.POSITIVE_INFINITY, processingMs: Number.POSITIVE_INFINITY }
      : phaseDurations(scenario.timing, model, outcome.outputDuration);
  // Waiting for a later start is time spent in PENDING, so the timeline still begins at creation.
  const waitMs = Math.max(0, startsAt - now);
  const timeline = planTimeline(now, outcome.status, { ...durations, pendingMs: durations.pendingMs + waitMs }, holdIn);
  return { outcome, timeline, progression, rule: decision ? ruleLabel(scenario, decision.rule) : null };
}

/**
 * One read of each poll-driven generation: its next state begins now (in place, so a batch that holds it sees
 * the change too), and a move that ends it queues its webhook. Says whether anything moved.
 */
export function pollGenerations(deps: AppDeps, tenant: Tenant, records: readonly GenerationRecord[]): Awaitable<boolean> {
  const polled = records.filter((record) => record.progression === "polls");
  if (polled.length === 0) return false;
  const now = tenant.now();
  for (const record of polled) {
    const step = record.timeline.findIndex((s) => s.at > now);
    if (step >= 0) deps.recorder.record({ e: "poll", key: tenant.apiKey, id: record.id, step, at: now });
  }
  const ends = polled.map((record) => endDelivery(tenant, record, now));
  return andThen(tenant.generations.poll(polled, now, ends), (moved) => moved.includes(true));
}

/**
 * The webhook a poll at `now` queues if it ends `record`: the store checks that the move does end it, on the
 * timeline as it is then (another replica's polls may have moved it since this copy was read).
 */
function endDelivery(tenant: Tenant, record: GenerationRecord, now: number): Delivery | undefined {
  if (!record.webhookUrl) return undefined;
  return generationDelivery(tenant, { ...record, timeline: record.timeline.map((step) => ({ status: step.status, at: Math.min(step.at, now) })) });
}

/**
 * The generation's webhook, once its end is known: undefined without a URL, while it has no end yet (stuck, or
 * poll-driven and not done: a poll queues it later), or for a REJECTED job whose policy does not send those.
 */
export function generationDelivery(tenant: Pick<Tenant, "apiKey" | "epoch">, record: GenerationRecord): Delivery | undefined {
  if (!record.webhookUrl) return undefined;
  const dueAt = terminalAt(record.timeline);
  if (!Number.isFinite(dueAt)) return undefined;
  const event = statusAt(record.timeline, dueAt);
  if (event === "REJECTED" && !record.webhookPolicy.sendRejected) return undefined;
  return {
    id: deliveryId(tenant.epoch, record.id, 1),
    tenant: tenant.apiKey,
    epoch: tenant.epoch,
    jobType: "generation",
    jobId: record.id,
    event,
    url: record.webhookUrl,
    dueAt,
    attempt: 1,
    delayed: false,
  };
}

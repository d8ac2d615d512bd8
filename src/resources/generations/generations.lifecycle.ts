/**
 * How a new generation will live: the scenario's outcome rules over the default outcome, the timing preset and
 * progression, and what happens when a poll moves a poll-driven job on. Webhooks are registered from here so
 * both time- and poll-driven jobs notify exactly once, when they end.
 */
import { planTimeline, statusAt, TERMINAL_STATUSES, terminalAt, type Timeline, type TimelineStep } from "../../domain/job-machine.js";
import { failureMessage, type Outcome } from "../../domain/outcome.js";
import { phaseDurations } from "../../domain/timing.js";
import type { AppDeps } from "../../deps.js";
import { decideLifecycle, ruleLabel, type RequestFacts } from "../../scenarios/decide.js";
import type { Scenario } from "../../scenarios/scenario.schema.js";
import type { Tenant } from "../../tenants/tenant.js";
import type { Notification } from "../../webhooks/dispatcher.js";
import { serializeGeneration } from "./generations.serialize.js";
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
): Plan {
  const decision = decideLifecycle(scenario.rules, facts, tenant.ruleUses, () => deps.ids.random());
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
 * One read of a poll-driven generation: its next state begins now. The timeline is changed in place, so a
 * batch that holds it sees the change too. Returns whether anything changed.
 */
export function pollGeneration(deps: AppDeps, tenant: Tenant, record: GenerationRecord): boolean {
  if (record.progression !== "polls") return false;
  const now = tenant.now();
  if (TERMINAL_STATUSES.has(statusAt(record.timeline, now))) return false;
  const steps = record.timeline as TimelineStep[];
  const next = steps.findIndex((step) => step.at > now);
  if (next < 0) return false; // held in its state for good
  deps.recorder.record({ e: "poll", key: tenant.apiKey, id: record.id, step: next, at: now });
  steps[next] = { status: steps[next]!.status, at: now };
  if (TERMINAL_STATUSES.has(steps[next]!.status)) notifyWhenDone(deps, tenant, record);
  return true;
}

/** The generation's webhook, once its end is known (undefined without a URL, or while it has no end yet). */
export function generationNotification(deps: AppDeps, tenant: Tenant, record: GenerationRecord): Notification | undefined {
  if (!record.webhookUrl) return undefined;
  const dueAt = terminalAt(record.timeline);
  if (!Number.isFinite(dueAt)) return undefined; // stuck, or poll-driven and not done yet: a poll notifies later
  // Deviation: the payload is the full Generation (both error-code spellings), a superset of GenerationNotification.
  return {
    jobId: record.id,
    jobType: "generation",
    event: statusAt(record.timeline, dueAt),
    url: record.webhookUrl,
    dueAt,
    policy: record.webhookPolicy,
    payload: () => serializeGeneration(record, tenant.now(), deps.publicUrl()),
  };
}

/** Registers the generation's webhook for the moment it ends (now, or later on the clock), if it has a URL. */
export function notifyWhenDone(deps: AppDeps, tenant: Tenant, record: GenerationRecord): void {
  const notification = generationNotification(deps, tenant, record);
  if (notification) deps.webhooks.notify(tenant, notification);
}

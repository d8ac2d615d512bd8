/**
 * How records and deliveries travel to the scripts: records as JSON (Infinity as null, see `json-infinity.ts`),
 * a poll-driven timeline as `STATUS@at;…` text (the one thing a script changes, so Lua never re-encodes a
 * record's JSON), deliveries as (id, dueAt, json) triples.
 */
import type { GenerationStatus, Timeline, TimelineStep } from "../../domain/job-machine.js";
import type { Delivery } from "../../webhooks/delivery.js";
import { scoreOf } from "./keys.js";

/** A timeline as the poll script reads it. */
export function encodeTimeline(timeline: Timeline): string {
  return timeline.map((step) => `${step.status}@${Number.isFinite(step.at) ? step.at : "inf"}`).join(";");
}

/** A timeline from the poll script's text. */
export function decodeTimeline(text: string): TimelineStep[] {
  return text.split(";").map((part) => {
    const at = part.slice(part.indexOf("@") + 1);
    return { status: part.slice(0, part.indexOf("@")) as GenerationStatus, at: at === "inf" ? Number.POSITIVE_INFINITY : Number(at) };
  });
}

/** Deliveries as script arguments: their count, then (id, dueAt, json) each. */
export function deliveryArgs(deliveries: readonly Delivery[]): Array<string | number> {
  const args: Array<string | number> = [deliveries.length];
  for (const delivery of deliveries) args.push(delivery.id, scoreOf(delivery.dueAt), JSON.stringify(delivery));
  return args;
}

/** A limit as a script argument (-1: none). */
export function limitArg(limit: number): number {
  return Number.isFinite(limit) ? limit : -1;
}

/**
 * Counting the uses of `once`/`times` rules. The engine (`decide.ts`) picks a rule from a snapshot of the counts;
 * the pick only stands once its use is counted with {@link RuleUseStore.claim}, which refuses a rule already
 * used up (by a request that raced this one, on this replica or another). A refused pick is decided again with
 * that rule spent, so a `once` rule applies exactly once however many requests arrive together.
 */
import { andThen, type Awaitable } from "../domain/awaitable.js";
import { ruleLimit, type RuleUses } from "./decide.js";
import type { Scenario } from "./scenario.schema.js";

/** A rule that may carry a limit of uses. */
type CountedRule = object & { readonly once?: boolean | undefined; readonly times?: number | undefined };

/** How often each rule has been applied to one key, wherever that is counted. */
export interface RuleUseStore {
  /** The counts of `scenario`'s rules now, to decide with. */
  snapshot(scenario: Scenario): Awaitable<RuleUses>;
  /** Counts one use of `rule`; false (and nothing counted) when it was already used `limit` times. */
  claim(scenario: Scenario, rule: CountedRule, limit: number | undefined): Awaitable<boolean>;
}

/** Rule uses counted in a map, in this process (one per API key). */
export class RuleCounter implements RuleUseStore, RuleUses {
  readonly #counts = new Map<object, number>();

  count(rule: object): number {
    return this.#counts.get(rule) ?? 0;
  }

  snapshot(): RuleUses {
    return this;
  }

  claim(_scenario: Scenario, rule: CountedRule, limit: number | undefined): boolean {
    const used = this.count(rule);
    if (limit !== undefined && used >= limit) return false;
    this.#counts.set(rule, used + 1);
    return true;
  }
}

// A lost race is retried with the rule spent; past this many losses in a row the request gets no rule.
const MAX_CLAIMS = 16;

/**
 * `decide` over the counts, with the picked rule's use counted. Synchronous when the store is (in memory),
 * so a create that needs no rule count from Redis pays for no promise.
 */
export function decideCounted<D extends { readonly rule: CountedRule }>(
  store: RuleUseStore,
  scenario: Scenario,
  decide: (uses: RuleUses) => D | undefined,
): Awaitable<D | undefined> {
  const attempt = (uses: RuleUses, tries: number): Awaitable<D | undefined> => {
    const decision = decide(uses);
    if (!decision) return undefined;
    return andThen(store.claim(scenario, decision.rule, ruleLimit(decision.rule)), (claimed) => {
      if (claimed) return decision;
      if (tries >= MAX_CLAIMS) return undefined;
      const spent = decision.rule;
      return attempt({ count: (rule) => (rule === spent ? Number.POSITIVE_INFINITY : uses.count(rule)) }, tries + 1);
    });
  };
  return andThen(store.snapshot(scenario), (uses) => attempt(uses, 0));
}

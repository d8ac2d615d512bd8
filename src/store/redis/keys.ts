/**
 * Key names of the Redis store, as the scripts (`lua.ts`) build them:
 *
 *   <p>g                     hash: world, shift (everyone's clock), sver + scenario (the one in force), manualStart, clock
 *   <p>epochs, sversions     counters: tenant lives, scenario versions (never reset)
 *   <p>q, <p>qi, <p>qc       the due queue: zset by due time (on the shared clock), deliveries by id, claims by lease end
 *   <p>w<W>:t:<key>          hash per tenant of world W: epoch, shift, sver + scenario (the key's own)
 *   <p>w<W>:tenants|owner|wl|wli   keys of the world; owner of each public resource; webhook log order and attempts
 *   <p>e<E>:…                everything of one tenant life E: g/gt/gs/gi generations, b/bi/bs/br batches, a/as
 *                            assets, blob:<id> uploaded bytes, rules, rate:<bucket>, q/seen its deliveries, wl its log
 *
 * A full reset moves to a new world W and a key's reset drops its tenant hash, so both take effect in one step;
 * the keys left behind are deleted after.
 */

/** Key names under one prefix. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** The global hash. */
  get global(): string {
    return `${this.prefix}g`;
  }

  /** A key of one tenant life. */
  epoch(epoch: number, suffix: string): string {
    return `${this.prefix}e${epoch}:${suffix}`;
  }

  /** A key of one world. */
  world(world: number, suffix: string): string {
    return `${this.prefix}w${world}:${suffix}`;
  }

  /** The pattern of every key of a tenant life (for deleting them). */
  epochPattern(epoch: number): string {
    return `${this.prefix}e${epoch}:*`;
  }

  /** The pattern of every key of a world. */
  worldPattern(world: number): string {
    return `${this.prefix}w${world}:*`;
  }
}

/** A sorted-set score ("inf" for never) as a number. */
export function parseScore(score: string | null | undefined): number {
  if (score === null || score === undefined || score === "inf" || score === "+inf") return Number.POSITIVE_INFINITY;
  if (score === "-inf") return Number.NEGATIVE_INFINITY;
  return Number(score);
}

/** A time as a sorted-set score. */
export function scoreOf(ms: number): string {
  return Number.isFinite(ms) ? String(ms) : ms > 0 ? "+inf" : "-inf";
}

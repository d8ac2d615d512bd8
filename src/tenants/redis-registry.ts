/**
 * The tenants of a mock whose replicas share one state in Redis. Each replica keeps a Tenant object per key it
 * has seen, with the key's stores bound to its current life (epoch); every request that resolves a key reads the
 * shared clock shifts, the scenario versions and the epoch in one script, so a change made on another replica
 * (an advance, a scenario, a reset) holds on the very next request here. Pub/sub events only wake waiters early.
 */
import type { TenantTime } from "../domain/clock.js";
import type { Scheduler } from "../domain/scheduler.js";
import type { AssetFiles } from "../resources/assets/assets.files.js";
import { RedisAssetFiles } from "../resources/assets/assets.redis-files.js";
import { RedisAssetStore } from "../resources/assets/assets.redis-store.js";
import type { AssetRecord } from "../resources/assets/assets.store.js";
import { RedisBatchStore } from "../resources/batches/batches.redis-store.js";
import { RedisGenerationStore, type RedisTenantRef } from "../resources/generations/generations.redis-store.js";
import type { Scenarios } from "../scenarios/active.js";
import { nameScenario, RedisRuleUses } from "../scenarios/rule-uses.redis-store.js";
import type { Scenario } from "../scenarios/scenario.schema.js";
import type { RedisConnection } from "../store/redis/connection.js";
import type { RedisKeys } from "../store/redis/keys.js";
import { RedisRateLimiter } from "../store/redis/rate-limiter.js";
import { keyTerms, type TenantRegistry } from "./registry.js";
import { Tenant } from "./tenant.js";

/** What the registry works with. */
export interface RedisRegistryWiring {
  readonly conn: RedisConnection;
  readonly keys: RedisKeys;
  readonly time: TenantTime;
  readonly scheduler: Scheduler;
  readonly scenarios: Scenarios;
  readonly defaultWebhookSecret: string;
  readonly files: RedisAssetFiles | AssetFiles;
  /** Called when the scenario in force for everyone changed (here or on another replica). */
  scenarioChanged(): void;
}

// Owner entries dropped per command when a key is reset.
const OWNER_CHUNK = 1_000;

/** What the resolve script answers. */
type ResolveReply = [world: string, globalShift: string, globalVersion: string, epoch: string | null, shift: string, version: string, removals: string];

/** The tenants, by API key, shared by every replica through Redis. */
export class RedisTenantRegistry implements TenantRegistry {
  readonly #tenants = new Map<string, Tenant>();
  // The version of the scenario each cached tenant has for its own ("0": none).
  readonly #overrideVersions = new WeakMap<Tenant, string>();
  #globalVersion = "0";
  // The world (full resets so far) as last read; -1 before the first read.
  #world = -1;

  constructor(private readonly wiring: RedisRegistryWiring) {
    wiring.conn.onEvent((event) => {
      if (event.t !== "clock" && event.t !== "scenario" && event.t !== "reset") return;
      if (event.t === "reset") {
        if (event.key === undefined) this.#tenants.clear();
        else this.#tenants.delete(event.key);
      }
      const update = event.key !== undefined && this.#tenants.has(event.key) ? this.peek(event.key) : this.refresh();
      // Long polls here wait on the tenant's clock: they may have come due.
      void update
        .then(() => {
          wiring.scheduler.clockChanged();
          return wiring.scheduler.runDue();
        })
        .catch(() => undefined);
    });
  }

  async resolve(apiKey: string): Promise<Tenant | undefined> {
    const cached = this.#tenants.get(apiKey);
    const reply = (cached && (await this.#read(apiKey))) || (await this.#resolveScript(apiKey, cached));
    const tenant = await this.#apply(apiKey, reply);
    return tenant && !tenant.rejected ? tenant : undefined;
  }

  async peek(apiKey: string): Promise<Tenant | undefined> {
    const reply = (await this.#read(apiKey)) ?? (await this.wiring.conn.script<ResolveReply>("smResolve", apiKey, "0"));
    return this.#apply(apiKey, reply);
  }

  #resolveScript(apiKey: string, cached: Tenant | undefined): Promise<ResolveReply> {
    const accepted = cached ? !cached.rejected : keyTerms(this.wiring.scenarios.active(), apiKey, this.wiring.defaultWebhookSecret).accepted;
    return this.wiring.conn.script<ResolveReply>("smResolve", apiKey, accepted ? "1" : "0");
  }

  /**
   * What the resolve script reads, as two plain reads in one round trip (a script call costs Redis twenty times
   * more), for a key whose world this replica knows. Undefined when the world has moved on (a full reset) or the
   * key is not there: the script then decides, and creates.
   */
  async #read(apiKey: string): Promise<ResolveReply | undefined> {
    if (this.#world < 0) return undefined;
    const { conn, keys } = this.wiring;
    const [global, own] = await Promise.all([
      conn.redis.hmget(keys.global, "world", "shift", "sver"),
      conn.redis.hmget(keys.world(this.#world, `t:${apiKey}`), "epoch", "shift", "sver", "gdel"),
    ]);
    if (Number(global[0] ?? 0) !== this.#world || own[0] === null) return undefined;
    return [String(this.#world), global[1] ?? "0", global[2] ?? "0", own[0] ?? null, own[1] ?? "0", own[2] ?? "0", own[3] ?? "0"];
  }

  async refresh(): Promise<void> {
    await this.peek("");
  }

  async #apply(apiKey: string, [world, globalShift, globalVersion, epoch, shift, version, removals]: ResolveReply): Promise<Tenant | undefined> {
    this.#world = Number(world);
    this.wiring.time.syncGlobalShift(Number(globalShift));
    if (globalVersion !== this.#globalVersion) await this.#loadGlobalScenario(globalVersion);
    if (epoch === null || apiKey === "") {
      this.#tenants.delete(apiKey);
      return undefined;
    }
    const known = this.#tenants.get(apiKey);
    const created = !known || known.epoch !== Number(epoch);
    const tenant = created ? this.#create(apiKey, Number(epoch)) : known;
    if (created) this.#tenants.set(apiKey, tenant);
    // A shift only grows, but a new tenant takes it as it is: an imported key's clock may start behind (startClock).
    tenant.shiftMs = created ? Number(shift) : Math.max(tenant.shiftMs, Number(shift));
    // A generation removed on another replica may be in this one's cache of records.
    (tenant.generations as RedisGenerationStore).syncRemovals(removals);
    if (version !== (this.#overrideVersions.get(tenant) ?? "0")) await this.#loadOverride(tenant, version);
    return tenant;
  }

  #create(apiKey: string, epoch: number): Tenant {
    const { conn, keys, time, scenarios, defaultWebhookSecret } = this.wiring;
    const ref: RedisTenantRef = { conn, keys, apiKey, epoch };
    const stores = {
      generations: new RedisGenerationStore(ref),
      assets: new RedisAssetStore(ref),
      batches: new RedisBatchStore(ref),
      ruleUses: new RedisRuleUses(ref),
      rateLimiter: new RedisRateLimiter(ref),
    };
    return new Tenant(apiKey, keyTerms(scenarios.active(), apiKey, defaultWebhookSecret), time, stores, epoch);
  }

  async #scenarioAt(apiKey: string, version: string): Promise<Scenario | null> {
    if (version === "0") return null;
    const json = await this.wiring.conn.script<string | null>("smGetScenario", apiKey);
    if (json === null) return null;
    const scenario = JSON.parse(json) as Scenario;
    nameScenario(scenario, `v${version}`);
    return scenario;
  }

  async #loadGlobalScenario(version: string): Promise<void> {
    const scenario = await this.#scenarioAt("", version);
    this.#installGlobal(scenario, version);
  }

  #installGlobal(scenario: Scenario | null, version: string): void {
    const { scenarios, defaultWebhookSecret } = this.wiring;
    this.#globalVersion = version;
    if (scenario) scenarios.replace(scenario);
    else scenarios.restore();
    for (const tenant of this.#tenants.values()) {
      if (!tenant.scenarioOverride) tenant.applyTerms(keyTerms(scenarios.active(), tenant.apiKey, defaultWebhookSecret));
    }
    this.wiring.scenarioChanged();
  }

  async #loadOverride(tenant: Tenant, version: string): Promise<void> {
    this.#installOverride(tenant, await this.#scenarioAt(tenant.apiKey, version), version);
  }

  #installOverride(tenant: Tenant, scenario: Scenario | null, version: string): void {
    this.#overrideVersions.set(tenant, version);
    tenant.scenarioOverride = scenario ?? undefined;
    tenant.applyTerms(keyTerms(scenario ?? this.wiring.scenarios.active(), tenant.apiKey, this.wiring.defaultWebhookSecret));
  }

  async count(): Promise<number> {
    return this.wiring.conn.script<number>("smCountTenants");
  }

  async apiKeys(): Promise<string[]> {
    return (await this.wiring.conn.script<string[]>("smListTenants")).sort();
  }

  async publicOwner(resourceId: string): Promise<Tenant | undefined> {
    const owner = await this.wiring.conn.script<string | null>("smOwner", resourceId);
    if (owner === null) return undefined;
    const split = owner.lastIndexOf("|");
    const tenant = await this.peek(owner.slice(0, split));
    // A key reset since it made the resource owns it no more.
    return tenant?.epoch === Number(owner.slice(split + 1)) ? tenant : undefined;
  }

  generationOwner(generationId: string): Promise<Tenant | undefined> {
    return this.publicOwner(generationId);
  }

  async advance(tenant: Tenant | undefined, ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock by ${ms} ms`);
    const shift = await this.wiring.conn.script<string | null>("smShift", tenant?.apiKey ?? "", ms);
    if (tenant && shift !== null) tenant.shiftMs = Math.max(tenant.shiftMs, Number(shift));
    if (!tenant && shift !== null) this.wiring.time.syncGlobalShift(Number(shift));
    this.wiring.conn.publish({ t: "clock", key: tenant?.apiKey });
  }

  async startClock(tenant: Tenant, shiftMs: number): Promise<void> {
    // The shift script moves the key's queued deliveries with it; a negative move is fine for a key just made.
    const shift = await this.wiring.conn.script<string | null>("smShift", tenant.apiKey, shiftMs - tenant.shiftMs);
    if (shift !== null) tenant.shiftMs = Number(shift);
    this.wiring.conn.publish({ t: "clock", key: tenant.apiKey });
  }

  async setScenario(tenant: Tenant | undefined, scenario: Scenario | null): Promise<void> {
    const version = await this.wiring.conn.script<string | null>("smSetScenario", tenant?.apiKey ?? "", scenario ? JSON.stringify(scenario) : "");
    if (version === null) return;
    if (scenario) nameScenario(scenario, `v${version}`);
    if (tenant) this.#installOverride(tenant, scenario, version);
    else this.#installGlobal(scenario, version);
    this.wiring.conn.publish({ t: "scenario", key: tenant?.apiKey });
  }

  async reset(apiKey?: string): Promise<number> {
    const { conn, keys } = this.wiring;
    let epochs: number[];
    if (apiKey === undefined) {
      const [world, ...forgotten] = await conn.script<string[]>("smResetAll");
      epochs = forgotten.map(Number);
      this.#tenants.clear();
      this.#installGlobal(null, "0");
      await this.#deleteMatching(keys.worldPattern(Number(world)));
    } else {
      const forgotten = await conn.script<[string, string] | null>("smResetTenant", apiKey);
      epochs = forgotten === null ? [] : [Number(forgotten[0])];
      this.#tenants.delete(apiKey);
      if (forgotten) await this.#disown(Number(forgotten[0]), Number(forgotten[1]));
    }
    for (const epoch of epochs) {
      // The records of a forgotten life are read once more, for the bytes of its uploads.
      const assets = (await conn.redis.hvals(keys.epoch(epoch, "a"))).map((json) => JSON.parse(json) as AssetRecord);
      await this.wiring.files.remove(assets);
      await this.#deleteMatching(keys.epochPattern(epoch));
    }
    conn.publish({ t: "reset", key: apiKey });
    return epochs.length;
  }

  /**
   * Drops a forgotten tenant life's entries from its world's owner index (they no longer resolve, since the
   * epoch is gone, but would hold memory for as long as the world lasts).
   */
  async #disown(epoch: number, world: number): Promise<void> {
    const { conn, keys } = this.wiring;
    for (const suffix of ["gs", "as", "ar", "bs"]) {
      for (let start = 0; ; start += OWNER_CHUNK) {
        const ids = await conn.redis.zrange(keys.epoch(epoch, suffix), start, start + OWNER_CHUNK - 1);
        if (ids.length > 0) await conn.redis.hdel(keys.world(world, "owner"), ...ids);
        if (ids.length < OWNER_CHUNK) break;
      }
    }
  }

  /** Deletes every key matching `pattern` (keys of a forgotten tenant life or world, unreachable already). */
  async #deleteMatching(pattern: string): Promise<void> {
    const redis = this.wiring.conn.redis;
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (found.length > 0) await redis.unlink(...found);
      cursor = next;
    } while (cursor !== "0");
  }
}

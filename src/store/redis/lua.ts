/**
 * The Lua scripts of the Redis store: every check-then-write runs as one script, so it is atomic across every
 * replica (a script runs alone on the Redis server). Each script takes no KEYS and builds its key names from the
 * prefix in ARGV[1] (see `keys.ts` for the layout), which a single Redis server (not Redis Cluster) allows.
 *
 * Numbers cross into Lua as strings and are formatted back with %.17g, so epoch milliseconds keep every digit
 * (redis.call would format a Lua number with 14). "+inf" stands for "never" in sorted-set scores.
 */

import { CLAIM_DUE, ENQUEUE, FINISH, LOG_ATTEMPT, RENEW } from "./lua-queue.js";
import { PUT_ASSET, REMOVE_ASSET, REMOVE_GENERATION } from "./lua-records.js";

// Shared by the scripts: key names, number formatting, and queueing a webhook delivery.
const COMMON = `
local P = ARGV[1]
local function num(x) return string.format('%.17g', x) end
local function world() return redis.call('HGET', P..'g', 'world') or '0' end
local function tkey(w, key) return P..'w'..w..':t:'..key end
local function wkey(w, s) return P..'w'..w..':'..s end
local function ekey(e, s) return P..'e'..e..':'..s end
local function enqueue(w, key, epoch, id, dueAt, json)
  local t = tkey(w, key)
  if redis.call('HGET', t, 'epoch') ~= epoch then return 0 end
  if redis.call('SADD', ekey(epoch, 'seen'), id) == 0 then return 0 end
  local shift = tonumber(redis.call('HGET', t, 'shift') or '0')
  redis.call('HSET', P..'qi', id, json)
  redis.call('ZADD', P..'q', num(tonumber(dueAt) - shift), id)
  redis.call('SADD', ekey(epoch, 'q'), id)
  return 1
end
-- Deliveries as ARGV triples (id, dueAt, json) from position i, count n.
local function enqueueAll(w, key, epoch, i, n)
  for j = 0, n - 1 do
    local k = i + j * 3
    enqueue(w, key, epoch, ARGV[k], ARGV[k + 1], ARGV[k + 2])
  end
  return i + n * 3
end
-- The refusal of a job over its limit: {0, in flight, first end} when the in-flight set is full at now, else nil.
local function refusal(set, now, limit)
  redis.call('ZREMRANGEBYSCORE', set, '-inf', now)
  local count = redis.call('ZCARD', set)
  if limit < 0 or count < limit then return nil end
  local first = redis.call('ZRANGE', set, 0, 0, 'WITHSCORES')
  return {0, count, first[2] or 'inf'}
end
local function storeGeneration(w, key, epoch, id, json, polled)
  local seq = redis.call('INCR', ekey(epoch, 'gseq'))
  redis.call('HSET', ekey(epoch, 'g'), id, json)
  redis.call('ZADD', ekey(epoch, 'gs'), seq, id)
  if polled ~= '' then redis.call('HSET', ekey(epoch, 'gt'), id, polled) end
  redis.call('HSET', wkey(w, 'owner'), id, key..'|'..epoch)
end
`;

/**
 * ARGV: prefix, key, create ('1'/'0') → {world, global shift, global scenario version, epoch|nil, shift, scenario
 * version, generations removed so far (replicas drop their cached records when it moves)}.
 */
const RESOLVE = `
local v = redis.call('HMGET', P..'g', 'world', 'shift', 'sver')
local w = v[1] or '0'
local t = tkey(w, ARGV[2])
local tv = redis.call('HMGET', t, 'epoch', 'shift', 'sver', 'gdel')
if not tv[1] and ARGV[3] == '1' then
  local epoch = tostring(redis.call('INCR', P..'epochs'))
  redis.call('HSET', t, 'epoch', epoch, 'shift', '0', 'sver', '0')
  redis.call('SADD', wkey(w, 'tenants'), ARGV[2])
  tv = {epoch, '0', '0', '0'}
end
return {w, v[2] or '0', v[3] or '0', tv[1] or false, tv[2] or '0', tv[3] or '0', tv[4] or '0'}
`;

/** ARGV: prefix, key ('' for everyone), ms → the new shift (nothing for an unknown key). */
const SHIFT = `
if ARGV[2] == '' then return redis.call('HINCRBYFLOAT', P..'g', 'shift', ARGV[3]) end
local t = tkey(world(), ARGV[2])
local epoch = redis.call('HGET', t, 'epoch')
if not epoch then return false end
local ms = tonumber(ARGV[3])
for _, id in ipairs(redis.call('SMEMBERS', ekey(epoch, 'q'))) do
  local score = redis.call('ZSCORE', P..'q', id)
  if score and score ~= '-inf' and score ~= 'inf' then redis.call('ZADD', P..'q', num(tonumber(score) - ms), id) end
end
return redis.call('HINCRBYFLOAT', t, 'shift', ARGV[3])
`;

/**
 * ARGV: prefix, key, epoch, now, limit (-1: none), stand-alone ('1'/'0'), id, json, polled timeline ('' if
 * time-driven), end ('+inf' or ms), asset count, (id, json)…, delivery count, (id, dueAt, json)…
 * → {1} stored, {0, in flight, first end} refused, {-1} the tenant was reset meanwhile.
 */
const ADMIT_GENERATION = `
local key, epoch, now, limit = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local w = world()
if redis.call('HGET', tkey(w, key), 'epoch') ~= epoch then return {-1} end
local gi = ekey(epoch, 'gi')
if ARGV[6] == '1' then
  local refused = refusal(gi, now, limit)
  if refused then return refused end
end
storeGeneration(w, key, epoch, ARGV[7], ARGV[8], ARGV[9])
if ARGV[6] == '1' then redis.call('ZADD', gi, ARGV[10], ARGV[7]) end
local i = 12
for j = 1, tonumber(ARGV[11]) do
  local seq = redis.call('INCR', ekey(epoch, 'aseq'))
  redis.call('HSET', ekey(epoch, 'a'), ARGV[i], ARGV[i + 1])
  redis.call('ZADD', ekey(epoch, 'as'), seq, ARGV[i])
  redis.call('HSET', wkey(w, 'owner'), ARGV[i], key..'|'..epoch)
  i = i + 2
end
enqueueAll(w, key, epoch, i + 1, tonumber(ARGV[i]))
return {1}
`;

/**
 * ARGV: prefix, key, epoch, now, limit (-1: none), id, json, item ids (comma-separated), end ('+inf' or ms),
 * item count, (id, json, polled timeline)…, delivery count, (id, dueAt, json)… → as ADMIT_GENERATION.
 */
const ADMIT_BATCH = `
local key, epoch, now, limit = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local w = world()
if redis.call('HGET', tkey(w, key), 'epoch') ~= epoch then return {-1} end
local br = ekey(epoch, 'br')
local refused = refusal(br, now, limit)
if refused then return refused end
local id = ARGV[6]
local i = 11
for j = 1, tonumber(ARGV[10]) do
  storeGeneration(w, key, epoch, ARGV[i], ARGV[i + 1], ARGV[i + 2])
  i = i + 3
end
local seq = redis.call('INCR', ekey(epoch, 'bseq'))
redis.call('HSET', ekey(epoch, 'b'), id, ARGV[7])
redis.call('HSET', ekey(epoch, 'bi'), id, ARGV[8])
redis.call('ZADD', ekey(epoch, 'bs'), seq, id)
redis.call('ZADD', br, ARGV[9], id)
redis.call('HSET', wkey(w, 'owner'), id, key..'|'..epoch)
enqueueAll(w, key, epoch, i + 1, tonumber(ARGV[i]))
return {1}
`;

/**
 * ARGV: prefix, key, epoch, now, count, (id, stand-alone, delivery id, dueAt, json)… (delivery id '' when none)
 * → {moved (1/0), timeline}… Moves each poll-driven timeline's next step to now; a move that ends a job takes it
 * out of the in-flight set and queues its webhook.
 */
const POLL = `
local key, epoch, now = ARGV[2], ARGV[3], tonumber(ARGV[4])
local w = world()
local gt = ekey(epoch, 'gt')
local out = {}
local i = 6
for j = 1, tonumber(ARGV[5]) do
  local id = ARGV[i]
  local enc = redis.call('HGET', gt, id)
  local moved = 0
  if enc then
    local steps = {}
    for status, at in string.gmatch(enc, '([^@;]+)@([^;]+)') do steps[#steps + 1] = {status, at} end
    local status = 'PENDING'
    for _, step in ipairs(steps) do
      if moved == 0 and (step[2] == 'inf' or tonumber(step[2]) > now) then
        step[2] = ARGV[4]
        moved = 1
      end
      if step[2] ~= 'inf' and tonumber(step[2]) <= now then status = step[1] end
    end
    if moved == 1 then
      local parts = {}
      for _, step in ipairs(steps) do parts[#parts + 1] = step[1]..'@'..step[2] end
      enc = table.concat(parts, ';')
      redis.call('HSET', gt, id, enc)
      if status ~= 'PENDING' and status ~= 'PROCESSING' then
        if ARGV[i + 1] == '1' then redis.call('ZADD', ekey(epoch, 'gi'), 'XX', ARGV[4], id) end
        if ARGV[i + 2] ~= '' then enqueue(w, key, epoch, ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]) end
      end
    end
  end
  out[#out + 1] = moved
  out[#out + 1] = enc or ''
  i = i + 5
end
return out
`;

/** ARGV: prefix, key, epoch, id, end, delivery count, (id, dueAt, json)… A poll-driven batch's end is now known. */
const BATCH_ENDED = `
redis.call('ZADD', ekey(ARGV[3], 'br'), 'XX', ARGV[5], ARGV[4])
enqueueAll(world(), ARGV[2], ARGV[3], 7, tonumber(ARGV[6]))
return 1
`;

/** ARGV: prefix, epoch, id → {json, item ids, item json…, item timeline…} or nil. */
const GET_BATCH = `
local epoch, id = ARGV[2], ARGV[3]
local json = redis.call('HGET', ekey(epoch, 'b'), id)
if not json then return false end
local ids = redis.call('HGET', ekey(epoch, 'bi'), id) or ''
local list = {}
for item in string.gmatch(ids, '[^,]+') do list[#list + 1] = item end
local out = {json, ids}
if #list > 0 then
  local records = redis.call('HMGET', ekey(epoch, 'g'), unpack(list))
  local timelines = redis.call('HMGET', ekey(epoch, 'gt'), unpack(list))
  for j = 1, #list do out[#out + 1] = records[j] or '' end
  for j = 1, #list do out[#out + 1] = timelines[j] or '' end
end
return out
`;

/** ARGV: prefix, epoch, bucket, now, since, limit → nil (counted) or the oldest hit's time (refused). */
const RATE_HIT = `
local k = ekey(ARGV[2], 'rate:'..ARGV[3])
redis.call('ZREMRANGEBYSCORE', k, '-inf', ARGV[5])
if redis.call('ZCARD', k) >= tonumber(ARGV[6]) then
  return redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')[2]
end
redis.call('ZADD', k, ARGV[4], redis.call('INCR', ekey(ARGV[2], 'raten')))
return false
`;

/** ARGV: prefix, epoch, rule field, limit ('' for none) → 1 counted, 0 already used up. */
const CLAIM_RULE = `
local k = ekey(ARGV[2], 'rules')
local used = tonumber(redis.call('HGET', k, ARGV[3]) or '0')
if ARGV[4] ~= '' and used >= tonumber(ARGV[4]) then return 0 end
redis.call('HINCRBY', k, ARGV[3], 1)
return 1
`;

/** ARGV: prefix, key → {the forgotten epoch, the world}, or nil. */
const RESET_TENANT = `
local w = world()
local t = tkey(w, ARGV[2])
local epoch = redis.call('HGET', t, 'epoch')
if not epoch then return false end
redis.call('DEL', t)
redis.call('SREM', wkey(w, 'tenants'), ARGV[2])
for _, id in ipairs(redis.call('SMEMBERS', ekey(epoch, 'q'))) do
  redis.call('ZREM', P..'q', id)
  redis.call('ZREM', P..'qc', id)
  redis.call('HDEL', P..'qi', id)
end
for _, id in ipairs(redis.call('LRANGE', ekey(epoch, 'wl'), 0, -1)) do
  redis.call('ZREM', wkey(w, 'wl'), id)
  redis.call('HDEL', wkey(w, 'wli'), id)
end
return {epoch, w}
`;

/** ARGV: prefix → {old world, epoch…}. Everyone's state is forgotten at once; the start-up scenario is back. */
const RESET_ALL = `
local w = world()
local out = {w}
for _, key in ipairs(redis.call('SMEMBERS', wkey(w, 'tenants'))) do
  local epoch = redis.call('HGET', tkey(w, key), 'epoch')
  if epoch then out[#out + 1] = epoch end
end
redis.call('HINCRBY', P..'g', 'world', 1)
redis.call('HSET', P..'g', 'sver', '0')
redis.call('HDEL', P..'g', 'scenario')
redis.call('DEL', P..'q', P..'qi', P..'qc')
return out
`;

/** ARGV: prefix, key ('' for everyone), scenario json ('' to drop it) → its version. */
const SET_SCENARIO = `
local h = P..'g'
if ARGV[2] ~= '' then
  h = tkey(world(), ARGV[2])
  if not redis.call('HGET', h, 'epoch') then return false end
end
if ARGV[3] == '' then
  redis.call('HSET', h, 'sver', '0')
  redis.call('HDEL', h, 'scenario')
  return '0'
end
local version = tostring(redis.call('INCR', P..'sversions'))
redis.call('HSET', h, 'sver', version, 'scenario', ARGV[3])
return version
`;

/** ARGV: prefix, id → "key|epoch" of the owner of a resource with a public URL, or nil. */
const OWNER = `return redis.call('HGET', wkey(world(), 'owner'), ARGV[2])`;

/** ARGV: prefix → the number of tenants. */
const COUNT_TENANTS = `return redis.call('SCARD', wkey(world(), 'tenants'))`;

/** ARGV: prefix → every tenant's API key. */
const LIST_TENANTS = `return redis.call('SMEMBERS', wkey(world(), 'tenants'))`;

/** ARGV: prefix, key ('' for everyone) → the scenario json in force there, or nil. */
const GET_SCENARIO = `
if ARGV[2] == '' then return redis.call('HGET', P..'g', 'scenario') end
return redis.call('HGET', tkey(world(), ARGV[2]), 'scenario')
`;

/** Every script, by the command name it is defined as. */
export const SCRIPTS = {
  smResolve: RESOLVE,
  smShift: SHIFT,
  smAdmitGeneration: ADMIT_GENERATION,
  smRemoveGeneration: REMOVE_GENERATION,
  smPutAsset: PUT_ASSET,
  smRemoveAsset: REMOVE_ASSET,
  smAdmitBatch: ADMIT_BATCH,
  smPoll: POLL,
  smBatchEnded: BATCH_ENDED,
  smGetBatch: GET_BATCH,
  smRateHit: RATE_HIT,
  smClaimRule: CLAIM_RULE,
  smEnqueue: ENQUEUE,
  smClaimDue: CLAIM_DUE,
  smFinish: FINISH,
  smRenew: RENEW,
  smLogAttempt: LOG_ATTEMPT,
  smResetTenant: RESET_TENANT,
  smResetAll: RESET_ALL,
  smSetScenario: SET_SCENARIO,
  smOwner: OWNER,
  smCountTenants: COUNT_TENANTS,
  smListTenants: LIST_TENANTS,
  smGetScenario: GET_SCENARIO,
} as const;

/** The name of a script command. */
export type ScriptName = keyof typeof SCRIPTS;

/** A script's full source, with the shared helpers. */
export function scriptSource(name: ScriptName): string {
  return COMMON + SCRIPTS[name];
}

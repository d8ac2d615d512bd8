/**
 * The Lua scripts of the shared due queue and the delivery log (see `lua.ts` for the conventions and the helpers
 * every script starts with).
 */

/** ARGV: prefix, count, (key, epoch, id, dueAt, json)… → how many were new. */
export const ENQUEUE = `
local w = world()
local added = 0
local i = 3
for j = 1, tonumber(ARGV[2]) do
  added = added + enqueue(w, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4])
  i = i + 5
end
return added
`;

/**
 * ARGV: prefix, base now, wall now, lease until, max → {claimed json…}, next due score|nil, global shift, claims
 * held. Claims what is due on the shared clock; claims whose lease ran out (their replica died) are due again.
 */
export const CLAIM_DUE = `
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P..'qc', '-inf', ARGV[3])) do
  redis.call('ZREM', P..'qc', id)
  if redis.call('HEXISTS', P..'qi', id) == 1 then redis.call('ZADD', P..'q', '-inf', id) end
end
local shift = redis.call('HGET', P..'g', 'shift') or '0'
local common = num(tonumber(ARGV[2]) + tonumber(shift))
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P..'q', '-inf', common, 'LIMIT', 0, tonumber(ARGV[5]))) do
  redis.call('ZREM', P..'q', id)
  local json = redis.call('HGET', P..'qi', id)
  if json then
    redis.call('ZADD', P..'qc', ARGV[4], id)
    out[#out + 1] = json
  end
end
local first = redis.call('ZRANGE', P..'q', 0, 0, 'WITHSCORES')
return {out, first[2] or false, shift, redis.call('ZCARD', P..'qc')}
`;

/** ARGV: prefix, id, key, epoch, next id ('' for none), next dueAt, next json. A delivery is done. */
export const FINISH = `
redis.call('ZREM', P..'qc', ARGV[2])
redis.call('HDEL', P..'qi', ARGV[2])
redis.call('SREM', ekey(ARGV[4], 'q'), ARGV[2])
if ARGV[5] ~= '' then enqueue(world(), ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]) end
return 1
`;

/** ARGV: prefix, lease until, id… Keeps the claims of deliveries still in progress. */
export const RENEW = `
for i = 3, #ARGV do redis.call('ZADD', P..'qc', 'XX', ARGV[2], ARGV[i]) end
return 1
`;

/** ARGV: prefix, key, id, json. Records a webhook attempt, newest last. */
export const LOG_ATTEMPT = `
local w = world()
redis.call('ZADD', wkey(w, 'wl'), redis.call('INCR', P..'wlseq'), ARGV[3])
redis.call('HSET', wkey(w, 'wli'), ARGV[3], ARGV[4])
local epoch = redis.call('HGET', tkey(w, ARGV[2]), 'epoch')
if epoch then redis.call('RPUSH', ekey(epoch, 'wl'), ARGV[3]) end
return 1
`;

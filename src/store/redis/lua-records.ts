/**
 * The Lua scripts that remove generations and store, change or remove assets outside an admission (see `lua.ts`
 * for the conventions and the helpers every script starts with).
 */

/** ARGV: prefix, key, epoch, id → 1 when the generation was removed, 0 when this tenant life has none. */
export const REMOVE_GENERATION = `
local key, epoch, id = ARGV[2], ARGV[3], ARGV[4]
if redis.call('HDEL', ekey(epoch, 'g'), id) == 0 then return 0 end
redis.call('HDEL', ekey(epoch, 'gt'), id)
redis.call('ZREM', ekey(epoch, 'gs'), id)
redis.call('ZREM', ekey(epoch, 'gi'), id)
local w = world()
redis.call('HDEL', wkey(w, 'owner'), id)
local t = tkey(w, key)
if redis.call('HGET', t, 'epoch') == epoch then redis.call('HINCRBY', t, 'gdel', 1) end
return 1
`;

/**
 * ARGV: prefix, key, epoch, mode ('add' | 'update' | 'reserve'), id, json → 1 when done; 0 when the tenant life
 * is over (add, reserve) or the asset is gone (update).
 */
export const PUT_ASSET = `
local key, epoch, mode, id, json = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local w = world()
if redis.call('HGET', tkey(w, key), 'epoch') ~= epoch then return 0 end
local a = ekey(epoch, 'a')
if mode == 'update' then
  if redis.call('HEXISTS', a, id) == 0 then return 0 end
  redis.call('HSET', a, id, json)
  return 1
end
redis.call('HSET', wkey(w, 'owner'), id, key..'|'..epoch)
-- Reserved ids are listed too, so a reset can drop them from the owner index.
if mode == 'reserve' then redis.call('ZADD', ekey(epoch, 'ar'), 0, id) end
if mode == 'add' then
  if redis.call('HSET', a, id, json) == 1 then redis.call('ZADD', ekey(epoch, 'as'), redis.call('INCR', ekey(epoch, 'aseq')), id) end
end
return 1
`;

/** ARGV: prefix, epoch, id → the removed asset's json, or nil when this tenant life has none by that id. */
export const REMOVE_ASSET = `
local epoch, id = ARGV[2], ARGV[3]
local a = ekey(epoch, 'a')
local json = redis.call('HGET', a, id)
if not json then return false end
redis.call('HDEL', a, id)
redis.call('ZREM', ekey(epoch, 'as'), id)
redis.call('HDEL', wkey(world(), 'owner'), id)
return json
`;

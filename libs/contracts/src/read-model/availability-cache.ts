/**
 * The Redis layout of hot availability, shared by the projector (writer) and the query API (reader):
 * a hash per SKU, a field per store, the value "version,onHand,reserved".
 */
export function availabilityCacheKey(sku: string): string {
  return `avail:${sku}`;
}

export function encodeCachedLevels(version: number, onHand: number, reserved: number): string {
  return `${version},${onHand},${reserved}`;
}

export function decodeCachedLevels(value: string): { version: number; onHand: number; reserved: number } {
  const [version, onHand, reserved] = value.split(',').map(Number);
  return { version: version!, onHand: onHand!, reserved: reserved! };
}

/** Set while the cache holds everything the read schema held when it was last warmed. */
export const AVAILABILITY_CACHE_WARMED_KEY = 'cache:availability:warmed';

/**
 * Writes fields of one SKU's hash, each only when its version is newer than the stored one: an old
 * event never wins. ARGV is a flat list of (storeId, version, value) triples; one call is atomic.
 */
export const SET_IF_NEWER_LUA = `
local written = 0
for i = 1, #ARGV, 3 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local stored = current and tonumber(string.match(current, '^(%d+)'))
  if not stored or stored < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    written = written + 1
  end
end
return written`;

/** Replaces one SKU's hash as a whole, atomically; ARGV as above (the versions are not compared). */
export const REPLACE_HASH_LUA = `
redis.call('DEL', KEYS[1])
for i = 1, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
end
return #ARGV / 3`;

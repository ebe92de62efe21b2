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

/** Writes a field only when its version is newer than the stored one: an old event never wins. */
export const SET_IF_NEWER_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local stored = tonumber(string.match(current, '^(%d+)'))
  if stored >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

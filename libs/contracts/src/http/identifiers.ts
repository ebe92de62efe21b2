/** Store ids and SKUs: short, URL- and key-safe. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const ID_RULE = '$property must be 1-64 characters of A-Z a-z 0-9 . _ : -';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What an id in a path names, for resources whose ids the server issues (reservations, transfers).
 * Those ids are UUIDs, so any other well-formed id names nothing that exists: it is answered as not
 * found, as an unknown UUID is, and never reaches a `uuid` column. Only an id outside the id rule is a
 * malformed request.
 */
export interface IssuedId {
  kind: 'uuid' | 'never-issued' | 'malformed';
  /** A UUID in lower case; anything else as it was given. */
  id: string;
}

export function classifyIssuedId(value: string): IssuedId {
  if (UUID.test(value)) return { kind: 'uuid', id: value.toLowerCase() };
  return { kind: ID_PATTERN.test(value) ? 'never-issued' : 'malformed', id: value };
}

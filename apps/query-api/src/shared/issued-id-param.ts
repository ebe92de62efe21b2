import { classifyIssuedId, ID_RULE, type IssuedId } from '@inventory/contracts';
import { invalidField } from '@inventory/platform';

/**
 * A path id of a resource whose ids the server issues (reservations, transfers). Only an id outside
 * the id rule is refused (400); a well-formed id that is not a UUID comes back `never-issued`, for the
 * handler to answer as it answers an unknown UUID: not found.
 */
export function issuedIdParam(value: string, field: string): IssuedId {
  const id = classifyIssuedId(value);
  if (id.kind === 'malformed') throw invalidField(field, ID_RULE.replace('$property', field));
  return id;
}

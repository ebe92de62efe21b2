import { ProblemError } from '@inventory/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids the server issued are UUIDs; anything else cannot name a resource. */
export function parseUuid(value: string, what: string): string {
  if (!UUID.test(value)) throw new ProblemError(400, 'VALIDATION.FAILED', `${what} must be a UUID`);
  return value.toLowerCase();
}

import { ProblemError } from '@inventory/platform';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A 400 for one query parameter, shaped like the DTO validation errors. */
export function invalidParameter(field: string, problem: string): ProblemError {
  return new ProblemError(400, 'VALIDATION.FAILED', `${field}: ${problem}`, {
    errors: [{ field, problems: [problem] }],
  });
}

/** An opaque paging position: base64url of its parts. Clients pass it back; they never build one. */
export function encodeCursor(...parts: string[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** The `arity` parts of a cursor this API issued; anything else is a 400 naming the parameter. */
export function decodeCursor(value: string, arity: number, field = 'cursor'): string[] {
  const parts = BASE64URL.test(value) ? Buffer.from(value, 'base64url').toString('utf8').split('|') : [];
  if (parts.length !== arity || parts.some((part) => part === ''))
    throw invalidParameter(field, `${field} is not a cursor this API issued`);
  return parts;
}

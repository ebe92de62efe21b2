import { invalidField } from '@inventory/platform';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** An opaque paging position: base64url of its parts. Clients pass it back; they never build one. */
export function encodeCursor(...parts: string[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** The `arity` parts of a cursor this API issued; anything else is a 400 naming the parameter. */
export function decodeCursor(value: string, arity: number, field = 'cursor'): string[] {
  const parts = BASE64URL.test(value) ? Buffer.from(value, 'base64url').toString('utf8').split('|') : [];
  if (parts.length !== arity || parts.some((part) => part === ''))
    throw invalidField(field, `${field} is not a cursor this API issued`);
  return parts;
}

import { invalidField } from '@inventory/platform';
import { decodeCursor, encodeCursor } from '../../shared/cursor';

const SEQ = /^(0|[1-9]\d{0,18})$/;

/** The feed's cursor: the change number to continue after, base64url-encoded. */
export function encodeChangesCursor(seq: bigint): string {
  return encodeCursor(String(seq));
}

export function decodeChangesCursor(cursor: string | undefined): bigint {
  if (cursor === undefined) return 0n;
  const [seq] = decodeCursor(cursor, 1);
  if (!SEQ.test(seq!) || BigInt(seq!) > 2n ** 63n - 1n)
    throw invalidField('cursor', 'cursor is not a cursor this API issued');
  return BigInt(seq!);
}

import { ProblemError } from '@inventory/platform';
import { decodeEventsCursor, encodeEventsCursor } from './events-cursor';

const position = {
  occurredAt: '2025-01-31T12:00:00.123456Z',
  offset: '42',
  eventId: '0190f3a2-1b2c-7d4e-8f90-123456789abc',
};

describe('event timeline cursor', () => {
  it('round-trips a position', () => {
    expect(decodeEventsCursor(encodeEventsCursor(position))).toEqual(position);
    expect(decodeEventsCursor(undefined)).toBeUndefined();
  });

  it.each([
    'x',
    Buffer.from('2025-01-31T12:00:00.123456Z').toString('base64url'),
    Buffer.from(`2025-13-45T12:00:00.123456Z|42|${position.eventId}`).toString('base64url'),
    Buffer.from(`${position.occurredAt}|-1|${position.eventId}`).toString('base64url'),
    Buffer.from(`${position.occurredAt}|42|not-a-uuid`).toString('base64url'),
  ])('refuses %p with 400', (cursor) => {
    expect(() => decodeEventsCursor(cursor)).toThrow(ProblemError);
  });
});

import { decodeCursor, encodeCursor, invalidParameter } from '../../shared/cursor';

/** A position in the timeline: the (occurredAt, eventId) of the last event seen. */
export interface TimelinePosition {
  occurredAt: string;
  eventId: string;
}

const MICROS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeEventsCursor(position: TimelinePosition): string {
  return encodeCursor(position.occurredAt, position.eventId);
}

export function decodeEventsCursor(cursor: string | undefined): TimelinePosition | undefined {
  if (cursor === undefined) return undefined;
  const [occurredAt, eventId] = decodeCursor(cursor, 2);
  if (!MICROS_UTC.test(occurredAt!) || Number.isNaN(Date.parse(occurredAt!)) || !UUID.test(eventId!))
    throw invalidParameter('cursor', 'cursor is not a cursor this API issued');
  return { occurredAt: occurredAt!, eventId: eventId! };
}

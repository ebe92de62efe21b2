import { invalidField } from '@inventory/platform';
import { decodeCursor, encodeCursor } from '../../shared/cursor';

/** A position in the timeline: the (occurredAt, Kafka offset, eventId) of the last event seen. */
export interface TimelinePosition {
  occurredAt: string;
  offset: string;
  eventId: string;
}

const MICROS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const OFFSET = /^(0|[1-9]\d{0,18})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeEventsCursor(position: TimelinePosition): string {
  return encodeCursor(position.occurredAt, position.offset, position.eventId);
}

export function decodeEventsCursor(cursor: string | undefined): TimelinePosition | undefined {
  if (cursor === undefined) return undefined;
  const [occurredAt, offset, eventId] = decodeCursor(cursor, 3);
  const valid =
    MICROS_UTC.test(occurredAt!) &&
    !Number.isNaN(Date.parse(occurredAt!)) &&
    OFFSET.test(offset!) &&
    UUID.test(eventId!);
  if (!valid) throw invalidField('cursor', 'cursor is not a cursor this API issued');
  return { occurredAt: occurredAt!, offset: offset!, eventId: eventId! };
}

import { Inject } from '@nestjs/common';
import type { CursorPage } from '@inventory/contracts';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { isoMicros, isoMillis } from '../../shared/iso-time';
import { encodeEventsCursor, type TimelinePosition } from './events-cursor';
import { ListEventsQuery } from './list-events.query';

export interface TimelineEvent {
  eventId: string;
  eventType: string;
  storeId: string;
  sku: string;
  version: number;
  occurredAt: string;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export type TimelinePage = CursorPage<TimelineEvent>;

type TimelineRow = TimelineEvent & { positionAt: string; positionOffset: string };

/**
 * Keyset paging on (occurred_at, kafka_offset, event_id). Events of one command share their time (an
 * adjustment and the StockLow it causes); the offset puts them in the order they were published, which
 * for one item is the order they happened. The indexes end with (occurred_at, event_id), so PostgreSQL
 * reads them in time order and only sorts events of the same instant.
 */
const PAGE = `
  SELECT event_id AS "eventId", event_type AS "eventType", store_id AS "storeId", sku, version,
         ${isoMillis('occurred_at')} AS "occurredAt", payload, metadata,
         ${isoMicros('occurred_at')} AS "positionAt", kafka_offset::text AS "positionOffset"
    FROM read.event_timeline
   WHERE ($1::text IS NULL OR store_id = $1)
     AND ($2::text IS NULL OR sku = $2)
     AND occurred_at >= $3
     AND ($4::timestamptz IS NULL
          OR occurred_at >= $4 AND (occurred_at, kafka_offset, event_id) > ($4, $5::bigint, $6::uuid))
   ORDER BY occurred_at, kafka_offset, event_id
   LIMIT $7`;

/**
 * The stock events of a store, a SKU, or both, oldest first. One more row than asked for is read to
 * know whether another page exists.
 */
@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery, TimelinePage> {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async execute(query: ListEventsQuery): Promise<TimelinePage> {
    const rows = await this.database.query<TimelineRow>(PAGE, [
      query.storeId ?? null,
      query.sku ?? null,
      query.since.toISOString(),
      query.after?.occurredAt ?? null,
      query.after?.offset ?? null,
      query.after?.eventId ?? null,
      query.limit + 1,
    ]);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next: TimelinePosition | undefined =
      rows.length > query.limit && last
        ? { occurredAt: last.positionAt, offset: last.positionOffset, eventId: last.eventId }
        : undefined;
    return {
      items: page.map(({ positionAt: _at, positionOffset: _offset, ...event }) => event),
      nextCursor: next ? encodeEventsCursor(next) : null,
    };
  }
}

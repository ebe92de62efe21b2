import { Injectable } from '@nestjs/common';
import { PROJECTION_TOPICS } from '@inventory/contracts';
import type { ConsumedEvent } from '@inventory/messaging';
import {
  LIVE_SCHEMA,
  type AfterCommit,
  type Projection,
  type ProjectionWrites,
} from '../projections/projection';
import { AvailabilityCache } from './availability.cache';
import { latestLevels } from './availability.fold';
import {
  availabilityColumns,
  insertTimeline,
  refreshProductTotals,
  upsertAvailability,
} from './availability.sql';

export const AVAILABILITY_PROJECTION = 'availability';

/**
 * Everything `stock.events` feeds, in one transaction per batch: availability per item and store, the
 * product totals of the SKUs touched, and the event timeline. After commit, the live projection
 * updates the Redis hash per SKU (version-guarded).
 */
@Injectable()
export class AvailabilityProjection implements Projection {
  readonly name = AVAILABILITY_PROJECTION;
  readonly topics = PROJECTION_TOPICS.availability;
  readonly tables = ['availability_view', 'product_totals_view', 'event_timeline'];

  constructor(private readonly cache: AvailabilityCache) {}

  write(tx: ProjectionWrites, events: ConsumedEvent[], schema: string): AfterCommit | void {
    const rows = latestLevels(events);
    const timeline = events.filter(({ envelope }) => typeof envelope.payload.sku === 'string');
    if (rows.length > 0) {
      tx.defer(upsertAvailability(schema), availabilityColumns(rows));
      tx.defer(refreshProductTotals(schema), [[...new Set(rows.map((row) => row.sku))]]);
    }
    if (timeline.length > 0) tx.defer(insertTimeline(schema), timelineColumns(timeline));
    if (schema === LIVE_SCHEMA && rows.length > 0) return () => this.cache.write(rows);
  }
}

function timelineColumns(events: ConsumedEvent[]): unknown[] {
  const envelopes = events.map((event) => event.envelope);
  return [
    envelopes.map((e) => e.eventId),
    envelopes.map((e) => e.eventType),
    envelopes.map((e) => e.payload.storeId),
    envelopes.map((e) => e.payload.sku),
    envelopes.map((e) => e.payload.version),
    envelopes.map((e) => e.occurredAt),
    envelopes.map((e) => JSON.stringify(e.payload)),
    envelopes.map((e) => JSON.stringify(e.metadata)),
    events.map((e) => e.topic),
    events.map((e) => e.partition),
    events.map((e) => e.offset),
  ];
}

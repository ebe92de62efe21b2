import { Inject, Injectable } from '@nestjs/common';
import { availabilityCacheKey, encodeCachedLevels, SET_IF_NEWER_LUA, TOPICS } from '@inventory/contracts';
import type { BatchContext, ConsumedEvent } from '@inventory/messaging';
import { Database, READ_DATABASE, Redis } from '@inventory/persistence';
import { LOGGER, Metrics } from '@inventory/platform';
import type { Logger } from 'pino';
import { SAVE_CHECKPOINT } from '../checkpoints/checkpoint.sql';
import { latestLevels, type AvailabilityRow } from './availability.fold';
import { UPSERT_AVAILABILITY } from './availability.sql';

export const AVAILABILITY_PROJECTION = 'availability';

/**
 * Availability per item and store: PostgreSQL `read.availability_view` (applied with its checkpoint in
 * one transaction) and then the Redis hash per SKU, both guarded by version.
 */
@Injectable()
export class AvailabilityProjection {
  readonly name = AVAILABILITY_PROJECTION;
  readonly topics = [TOPICS.stock];
  private readonly applied;

  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.applied = metrics.counter('projection_events_applied_total', 'Events applied by a projection', [
      'projection',
    ]);
    this.redis.defineCommand('setIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER_LUA });
  }

  async apply(events: ConsumedEvent[], context: BatchContext): Promise<void> {
    const rows = latestLevels(events);
    const lastEventAt = events.length > 0 ? events[events.length - 1]!.envelope.occurredAt : null;
    await this.database.transaction(async (tx) => {
      if (rows.length > 0) await tx.query(UPSERT_AVAILABILITY, columns(rows));
      await tx.query(SAVE_CHECKPOINT, [
        this.name,
        context.topic,
        context.partition,
        context.nextOffset,
        lastEventAt,
      ]);
    });
    this.applied.inc({ projection: this.name }, events.length);
    await this.cache(rows);
  }

  /** Redis follows PostgreSQL; if it is away, reads fall back to PostgreSQL and a warm-up refills it. */
  private async cache(rows: AvailabilityRow[]): Promise<void> {
    if (rows.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const row of rows) {
      const value = encodeCachedLevels(row.version, row.onHand, row.reserved);
      (pipeline as unknown as SetIfNewer).setIfNewer(
        availabilityCacheKey(row.sku),
        row.storeId,
        row.version,
        value,
      );
    }
    try {
      await pipeline.exec();
    } catch (error) {
      this.logger.warn({ err: error }, 'redis update skipped; PostgreSQL has the data');
    }
  }
}

interface SetIfNewer {
  setIfNewer(key: string, field: string, version: number, value: string): void;
}

function columns(rows: AvailabilityRow[]): unknown[] {
  return [
    rows.map((r) => r.sku),
    rows.map((r) => r.storeId),
    rows.map((r) => r.onHand),
    rows.map((r) => r.reserved),
    rows.map((r) => r.available),
    rows.map((r) => r.version),
    rows.map((r) => r.lastEventAt),
  ];
}

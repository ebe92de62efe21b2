import { Inject, Injectable } from '@nestjs/common';
import { TOPICS } from '@inventory/contracts';
import type { BatchContext, ConsumedEvent } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { SAVE_CHECKPOINT } from '../checkpoints/checkpoint.sql';
import { foldReservations } from './reservation.fold';

const UPSERT = `
  INSERT INTO read.reservation_view AS v (reservation_id, store_id, customer_id, status, lines, expires_at, version)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::int[])
  ON CONFLICT (reservation_id) DO UPDATE
    SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
    WHERE v.version < EXCLUDED.version`;

const UPDATE_STATUS = `
  UPDATE read.reservation_view v SET status = t.status, version = t.version, updated_at = now()
    FROM unnest($1::uuid[], $2::text[], $3::int[]) AS t (reservation_id, status, version)
   WHERE v.reservation_id = t.reservation_id AND v.version < t.version`;

/** `read.reservation_view`: each reservation's status, applied with its checkpoint in one transaction. */
@Injectable()
export class ReservationProjection {
  readonly name = 'reservations';
  readonly topics = [TOPICS.reservation];

  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async apply(events: ConsumedEvent[], context: BatchContext): Promise<void> {
    const changes = foldReservations(events);
    const full = changes.filter((c) => c.full).map((c) => c.state);
    const partial = changes.filter((c) => !c.full).map((c) => c.state);
    const lastEventAt = events.at(-1)?.envelope.occurredAt ?? null;
    await this.database.transaction(async (tx) => {
      if (full.length > 0) {
        await tx.query(UPSERT, [
          full.map((s) => s.reservationId),
          full.map((s) => s.storeId),
          full.map((s) => s.customerId),
          full.map((s) => s.status),
          full.map((s) => JSON.stringify(s.lines)),
          full.map((s) => s.expiresAt),
          full.map((s) => s.version),
        ]);
      }
      if (partial.length > 0) {
        await tx.query(UPDATE_STATUS, [
          partial.map((s) => s.reservationId),
          partial.map((s) => s.status),
          partial.map((s) => s.version),
        ]);
      }
      await tx.query(SAVE_CHECKPOINT, [
        this.name,
        context.topic,
        context.partition,
        context.nextOffset,
        lastEventAt,
      ]);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { classifyIssuedId } from '@inventory/contracts';
import {
  foldReservationWithStock,
  initialReservationState,
  type ReservationDecisionEvent,
  type ReservationEvent,
  type ReservationLine,
  type ReservationState,
  type ReservationWithStock,
} from '@inventory/domain';
import { columns, prepared, type CommandTx } from '@inventory/persistence';
import type { RootKind } from '../command-store/batch-rows';
import { reservationEvent } from '../command-store/event-routing';
import { WithStockRepository } from '../stock/with-stock.repository';
import { storedLines } from '../shared/stored-lines';

interface ReservationRow {
  reservation_id: string;
  store_id: string;
  customer_id: string | null;
  status: ReservationState['status'];
  payment_ref: string | null;
  lines: ReservationLine[];
  expires_at: Date;
  version: number;
}

const LOAD_FOR_UPDATE = `
  SELECT reservation_id, store_id, customer_id, status, payment_ref, lines, expires_at, version
    FROM command.reservations WHERE reservation_id = ANY($1::uuid[]) ORDER BY reservation_id FOR UPDATE`;
const LOCK_RESERVATIONS = prepared(LOAD_FOR_UPDATE);
const LOCK_RESERVATIONS_UNLESS_LOCKED = prepared(`${LOAD_FOR_UPDATE} SKIP LOCKED`);

const SAVE_RESERVATIONS = prepared(`
  WITH updated AS (
    UPDATE command.reservations r
       SET status = t.status, payment_ref = t.payment_ref, version = t.version, updated_at = now()
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t (reservation_id, status, payment_ref, version)
     WHERE r.reservation_id = t.reservation_id
  )
  INSERT INTO command.reservations
    (reservation_id, store_id, customer_id, status, payment_ref, lines, expires_at, version)
  SELECT * FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
                       $11::timestamptz[], $12::int[])`);

function reservationOf(row: ReservationRow): ReservationState {
  return {
    reservationId: row.reservation_id,
    storeId: row.store_id,
    customerId: row.customer_id,
    status: row.status,
    paymentRef: row.payment_ref,
    lines: storedLines(row.lines),
    expiresAt: row.expires_at.toISOString(),
    version: row.version,
  };
}

/** Reservation rows, several at a time. An id that is not a UUID was never issued: it has no row. */
async function lockReservations(tx: CommandTx, ids: string[], skipLocked: boolean) {
  const issued = ids.filter((id) => classifyIssuedId(id).kind === 'uuid');
  if (issued.length === 0) return new Map<string, ReservationState>();
  const { rows } = await tx.later<ReservationRow>(
    skipLocked ? LOCK_RESERVATIONS_UNLESS_LOCKED : LOCK_RESERVATIONS,
    [issued],
  );
  return new Map(rows.map((row) => [row.reservation_id, reservationOf(row)]));
}

const RESERVATIONS: RootKind<ReservationState> = {
  name: 'reservation',
  initial: initialReservationState,
  idOf: (reservation) => reservation.reservationId,
  lock: (tx, ids) => lockReservations(tx, ids, false),
  write(tx, inserted, updated) {
    const [id, status, paymentRef, version] = [
      (r: ReservationState) => r.reservationId,
      (r: ReservationState) => r.status,
      (r: ReservationState) => r.paymentRef,
      (r: ReservationState) => r.version,
    ];
    tx.defer(SAVE_RESERVATIONS, [
      ...columns(updated, id, status, paymentRef, version),
      ...columns(
        inserted,
        id,
        (r) => r.storeId,
        (r) => r.customerId,
        status,
        paymentRef,
      ),
      ...columns(
        inserted,
        (r) => JSON.stringify(r.lines),
        (r) => r.expiresAt,
        version,
      ),
    ]);
  },
};

/** A reservation with the stock rows of its lines (every reservation command locks its row first). */
@Injectable()
export class ReservationRepository extends WithStockRepository<
  'reservation',
  ReservationState,
  ReservationEvent
> {
  protected readonly kind = RESERVATIONS;
  protected override readonly unlessLocked: RootKind<ReservationState> = {
    ...RESERVATIONS,
    lock: (tx, ids) => lockReservations(tx, ids, true),
  };

  fold(state: ReservationWithStock, events: ReservationDecisionEvent[]): ReservationWithStock {
    return foldReservationWithStock(state, events);
  }

  protected routeRoot(event: ReservationEvent) {
    return reservationEvent(event);
  }
}

/** A reservation as every answer about it shows it. */
export function reservationView(state: ReservationState) {
  const { reservationId, storeId, customerId, status, paymentRef, lines, expiresAt, version } = state;
  return { reservationId, storeId, customerId, status, paymentRef, lines, expiresAt, version };
}

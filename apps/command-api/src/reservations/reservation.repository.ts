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
import { prepared, type CommandTx } from '@inventory/persistence';
import { reservationEvent } from '../command-store/event-routing';
import { WithStockRepository } from '../stock/with-stock.repository';

interface ReservationRow {
  store_id: string;
  customer_id: string | null;
  status: ReservationState['status'];
  payment_ref: string | null;
  lines: ReservationLine[];
  expires_at: Date;
  version: number;
}

const LOAD_FOR_UPDATE = `
  SELECT store_id, customer_id, status, payment_ref, lines, expires_at, version
    FROM command.reservations WHERE reservation_id = $1 FOR UPDATE`;
const LOCK_RESERVATION = prepared(LOAD_FOR_UPDATE);
const LOCK_RESERVATION_UNLESS_LOCKED = prepared(`${LOAD_FOR_UPDATE} SKIP LOCKED`);
const INSERT_RESERVATION = prepared(`
  INSERT INTO command.reservations (reservation_id, store_id, customer_id, status, lines, expires_at, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`);
const UPDATE_RESERVATION = prepared(`
  UPDATE command.reservations SET status = $2, payment_ref = $3, version = $4, updated_at = now()
   WHERE reservation_id = $1`);

/** A reservation with the stock rows of its lines (every reservation command locks its row first). */
@Injectable()
export class ReservationRepository extends WithStockRepository<
  'reservation',
  ReservationState,
  ReservationEvent
> {
  fold(state: ReservationWithStock, events: ReservationDecisionEvent[]): ReservationWithStock {
    return foldReservationWithStock(state, events);
  }

  protected initialRoot(reservationId: string): ReservationState {
    return initialReservationState(reservationId);
  }

  protected async lockRoot(
    tx: CommandTx,
    reservationId: string,
    skipLocked: boolean,
  ): Promise<ReservationState | undefined> {
    // An id that is not a UUID was never issued: there is no row to look for.
    if (classifyIssuedId(reservationId).kind !== 'uuid') return undefined;
    const { rows } = await tx.query<ReservationRow>(
      skipLocked ? LOCK_RESERVATION_UNLESS_LOCKED : LOCK_RESERVATION,
      [reservationId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      reservationId,
      storeId: row.store_id,
      customerId: row.customer_id,
      status: row.status,
      paymentRef: row.payment_ref,
      lines: row.lines,
      expiresAt: row.expires_at.toISOString(),
      version: row.version,
    };
  }

  protected saveRoot(tx: CommandTx, state: ReservationState, isNew: boolean): void {
    if (isNew) {
      tx.defer(INSERT_RESERVATION, [
        state.reservationId,
        state.storeId,
        state.customerId,
        state.status,
        JSON.stringify(state.lines),
        state.expiresAt,
        state.version,
      ]);
      return;
    }
    tx.defer(UPDATE_RESERVATION, [state.reservationId, state.status, state.paymentRef, state.version]);
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

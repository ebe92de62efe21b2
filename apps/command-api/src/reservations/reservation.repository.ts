import { initialReservationState, type ReservationLine, type ReservationState } from '@inventory/domain';
import { prepared } from '@inventory/persistence';
import type { CommandTx } from '@inventory/persistence';

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

/** Locks the reservation row first: every reservation command takes it before any stock row. */
export async function loadReservationForUpdate(
  tx: CommandTx,
  reservationId: string,
  skipLocked = false,
): Promise<ReservationState | undefined> {
  const { rows } = await tx.query<ReservationRow>(
    skipLocked ? LOCK_RESERVATION_UNLESS_LOCKED : LOCK_RESERVATION,
    [reservationId],
  );
  const row = rows[0];
  if (!row) return skipLocked ? undefined : initialReservationState(reservationId);
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

export function saveReservation(tx: CommandTx, state: ReservationState, isNew: boolean): void {
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

export function reservationView(state: ReservationState) {
  const { reservationId, storeId, customerId, status, paymentRef, lines, expiresAt, version } = state;
  return { reservationId, storeId, customerId, status, paymentRef, lines, expiresAt, version };
}

import { initialReservationState, type ReservationLine, type ReservationState } from '@inventory/domain';
import type { PoolClient } from 'pg';

interface ReservationRow {
  store_id: string;
  customer_id: string | null;
  status: ReservationState['status'];
  lines: ReservationLine[];
  expires_at: Date;
  version: number;
}

/** Locks the reservation row first: every reservation command takes it before any stock row. */
export async function loadReservationForUpdate(
  tx: PoolClient,
  reservationId: string,
  skipLocked = false,
): Promise<ReservationState | undefined> {
  const { rows } = await tx.query<ReservationRow>(
    `SELECT store_id, customer_id, status, lines, expires_at, version
       FROM command.reservations WHERE reservation_id = $1 FOR UPDATE ${skipLocked ? 'SKIP LOCKED' : ''}`,
    [reservationId],
  );
  const row = rows[0];
  if (!row) return skipLocked ? undefined : initialReservationState(reservationId);
  return {
    reservationId,
    storeId: row.store_id,
    customerId: row.customer_id,
    status: row.status,
    lines: row.lines,
    expiresAt: row.expires_at.toISOString(),
    version: row.version,
  };
}

export async function saveReservation(
  tx: PoolClient,
  state: ReservationState,
  isNew: boolean,
): Promise<void> {
  if (isNew) {
    await tx.query(
      `INSERT INTO command.reservations (reservation_id, store_id, customer_id, status, lines, expires_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        state.reservationId,
        state.storeId,
        state.customerId,
        state.status,
        JSON.stringify(state.lines),
        state.expiresAt,
        state.version,
      ],
    );
    return;
  }
  await tx.query(
    `UPDATE command.reservations SET status = $2, version = $3, updated_at = now() WHERE reservation_id = $1`,
    [state.reservationId, state.status, state.version],
  );
}

export function reservationView(state: ReservationState) {
  const { reservationId, storeId, customerId, status, lines, expiresAt, version } = state;
  return { reservationId, storeId, customerId, status, lines, expiresAt, version };
}

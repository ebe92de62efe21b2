import { PROJECTION_TOPICS } from '@inventory/contracts';
import {
  evolveReservation,
  initialReservationState,
  type ReservationEvent,
  type ReservationState,
} from '@inventory/domain';
import type { Provider } from '@nestjs/common';
import { StatusViewProjection, type StatusViewSpec } from '../status-views/status-view';

const spec: StatusViewSpec<ReservationState, ReservationEvent> = {
  name: 'reservations',
  topics: PROJECTION_TOPICS.reservations,
  table: 'reservation_view',
  creation: 'ReservationCreated',
  idOf: (event) => event.data.reservationId,
  initial: (id, event) => ({ ...initialReservationState(id), storeId: event.data.storeId }),
  evolve: evolveReservation,
  upsert: {
    sql: (schema) => `
      INSERT INTO ${schema}.reservation_view AS v
             (reservation_id, store_id, customer_id, status, payment_ref, lines, expires_at, version)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
                           $7::timestamptz[], $8::int[])
      ON CONFLICT (reservation_id) DO UPDATE
        SET status = EXCLUDED.status, payment_ref = EXCLUDED.payment_ref, version = EXCLUDED.version,
            updated_at = now()
        WHERE v.version < EXCLUDED.version`,
    columns: (states) => [
      states.map((s) => s.reservationId),
      states.map((s) => s.storeId),
      states.map((s) => s.customerId),
      states.map((s) => s.status),
      states.map((s) => s.paymentRef),
      states.map((s) => JSON.stringify(s.lines)),
      states.map((s) => s.expiresAt),
      states.map((s) => s.version),
    ],
  },
  update: {
    sql: (schema) => `
      UPDATE ${schema}.reservation_view v
         SET status = t.status, payment_ref = t.payment_ref, version = t.version, updated_at = now()
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t (reservation_id, status, payment_ref, version)
       WHERE v.reservation_id = t.reservation_id AND v.version < t.version`,
    columns: (states) => [
      states.map((s) => s.reservationId),
      states.map((s) => s.status),
      states.map((s) => s.paymentRef),
      states.map((s) => s.version),
    ],
  },
};

export class ReservationProjection extends StatusViewProjection<ReservationState, ReservationEvent> {}

/** `read.reservation_view`: each reservation's status, and the payment that confirmed it. */
export const reservationProjectionProvider: Provider = {
  provide: ReservationProjection,
  useFactory: () => new ReservationProjection(spec),
};

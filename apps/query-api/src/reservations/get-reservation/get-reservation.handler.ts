import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { NotFound } from '@inventory/platform';
import { GetReservationQuery } from './get-reservation.query';

export interface ReservationView {
  reservationId: string;
  storeId: string;
  customerId: string | null;
  status: string;
  paymentRef: string | null;
  lines: Array<{ sku: string; qty: number }>;
  expiresAt: string;
  version: number;
}

const BY_ID = `
  SELECT reservation_id AS "reservationId", store_id AS "storeId", customer_id AS "customerId", status,
         payment_ref AS "paymentRef", lines,
         to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt", version
    FROM read.reservation_view WHERE reservation_id = $1`;

/** Ids the server never issued are not found without a query, like unknown UUIDs after one. */
@QueryHandler(GetReservationQuery)
export class GetReservationHandler implements IQueryHandler<GetReservationQuery, ReservationView> {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  async execute({ reservation }: GetReservationQuery): Promise<ReservationView> {
    const [row] =
      reservation.kind === 'uuid' ? await this.database.query<ReservationView>(BY_ID, [reservation.id]) : [];
    if (!row) throw new NotFound('RESERVATION.NOT_FOUND', `reservation ${reservation.id} is not known (yet)`);
    return row;
  }
}

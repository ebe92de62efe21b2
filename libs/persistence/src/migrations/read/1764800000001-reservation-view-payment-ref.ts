import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /v1/reservations/{id}` shows the payment that confirmed a reservation. Rows projected before
 * this column existed are filled in from the event store when it shares this database; otherwise a
 * rebuild of the `reservations` projection fills them.
 */
export class ReservationViewPaymentRef1764800000001 implements MigrationInterface {
  name = 'ReservationViewPaymentRef1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE read.reservation_view ADD COLUMN payment_ref text`);
    const [{ shared }] = (await db.query(
      `SELECT to_regclass('command.events') IS NOT NULL AS shared`,
    )) as Array<{ shared: boolean }>;
    if (!shared) return;
    await db.query(`
      UPDATE read.reservation_view v SET payment_ref = e.payload->>'paymentRef'
        FROM command.events e
       WHERE e.stream_type = 'reservation' AND e.event_type = 'ReservationConfirmed'
         AND e.stream_id = v.reservation_id::text AND (e.payload->>'version')::int <= v.version
         AND e.payload->>'paymentRef' IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE read.reservation_view DROP COLUMN payment_ref`);
  }
}

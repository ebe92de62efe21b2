import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A confirmed reservation keeps the payment its confirmation named, filled in from the events for old ones. */
export class ReservationPaymentRef1764800000000 implements MigrationInterface {
  name = 'ReservationPaymentRef1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE command.reservations ADD COLUMN payment_ref text`);
    await db.query(`
      UPDATE command.reservations r SET payment_ref = e.payload->>'paymentRef'
        FROM command.events e
       WHERE e.stream_type = 'reservation' AND e.event_type = 'ReservationConfirmed'
         AND e.stream_id = r.reservation_id::text AND e.payload->>'paymentRef' IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE command.reservations DROP COLUMN payment_ref`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReservationTransferViews1763700000003 implements MigrationInterface {
  name = 'ReservationTransferViews1763700000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE read.reservation_view (
        reservation_id uuid PRIMARY KEY,
        store_id       text NOT NULL,
        customer_id    text,
        status         text NOT NULL,
        lines          jsonb NOT NULL,
        expires_at     timestamptz NOT NULL,
        version        integer NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE read.transfer_view (
        transfer_id    uuid PRIMARY KEY,
        from_store     text NOT NULL,
        to_store       text NOT NULL,
        lines          jsonb NOT NULL,
        status         text NOT NULL,
        failure_reason text,
        version        integer NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE read.transfer_view, read.reservation_view`);
  }
}

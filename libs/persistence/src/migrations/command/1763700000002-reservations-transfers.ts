import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReservationsTransfers1763700000002 implements MigrationInterface {
  name = 'ReservationsTransfers1763700000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE command.reservations (
        reservation_id uuid PRIMARY KEY,
        store_id       text NOT NULL REFERENCES command.stores (store_id),
        customer_id    text,
        status         text NOT NULL CHECK (status IN ('ACTIVE', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
        lines          jsonb NOT NULL,
        expires_at     timestamptz NOT NULL,
        version        integer NOT NULL CHECK (version >= 1),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    // The expiry sweeper reads only active reservations, soonest first.
    await db.query(
      `CREATE INDEX reservations_due ON command.reservations (expires_at) WHERE status = 'ACTIVE'`,
    );
    await db.query(`
      CREATE TABLE command.transfers (
        transfer_id    uuid PRIMARY KEY,
        from_store     text NOT NULL REFERENCES command.stores (store_id),
        to_store       text NOT NULL REFERENCES command.stores (store_id),
        lines          jsonb NOT NULL,
        status         text NOT NULL CHECK (status IN ('IN_TRANSIT', 'COMPLETED', 'FAILED')),
        failure_reason text,
        version        integer NOT NULL CHECK (version >= 1),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX transfers_in_transit ON command.transfers (updated_at) WHERE status = 'IN_TRANSIT'`,
    );
    await db.query(`
      CREATE TABLE command.purchase_cursors (
        sku           text PRIMARY KEY,
        last_store_id text NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE command.purchase_cursors, command.transfers, command.reservations`);
  }
}

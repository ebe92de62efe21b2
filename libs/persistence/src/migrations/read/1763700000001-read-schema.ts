import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadSchema1763700000001 implements MigrationInterface {
  name = 'ReadSchema1763700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS read`);
    await db.query(`
      CREATE TABLE read.availability_view (
        sku           text NOT NULL,
        store_id      text NOT NULL,
        on_hand       integer NOT NULL,
        reserved      integer NOT NULL,
        available     integer NOT NULL,
        version       integer NOT NULL,
        last_event_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, store_id)
      )`);
    await db.query(
      `CREATE INDEX availability_view_changes ON read.availability_view (updated_at, sku, store_id)`,
    );
    await db.query(`
      CREATE TABLE read.projection_checkpoints (
        projection    text NOT NULL,
        topic         text NOT NULL,
        partition     integer NOT NULL,
        next_offset   bigint NOT NULL,
        last_event_at timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, topic, partition)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA read CASCADE`);
  }
}

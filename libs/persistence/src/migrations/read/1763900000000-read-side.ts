import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the read side: product totals, stores, the event timeline, dead letters, and a change
 * sequence on availability rows for the incremental-sync feed.
 */
export class ReadSide1763900000000 implements MigrationInterface {
  name = 'ReadSide1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE read.availability_change_seq`);
    await db.query(`
      ALTER TABLE read.availability_view
        ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('read.availability_change_seq')`);
    await db.query(`DROP INDEX read.availability_view_changes`);
    await db.query(`CREATE INDEX availability_view_changes ON read.availability_view (change_seq)`);
    await db.query(`
      CREATE TABLE read.product_totals_view (
        sku                 text PRIMARY KEY,
        name                text,
        low_stock_threshold integer NOT NULL DEFAULT 3,
        total_on_hand       integer NOT NULL DEFAULT 0,
        total_reserved      integer NOT NULL DEFAULT 0,
        total_available     integer NOT NULL DEFAULT 0,
        status              text NOT NULL DEFAULT 'out_of_stock',
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE read.store_view (
        store_id   text PRIMARY KEY,
        name       text NOT NULL,
        latency_ms integer NOT NULL,
        version    integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE read.event_timeline (
        event_id      uuid PRIMARY KEY,
        event_type    text NOT NULL,
        store_id      text NOT NULL,
        sku           text NOT NULL,
        version       integer NOT NULL,
        occurred_at   timestamptz NOT NULL,
        payload       jsonb NOT NULL,
        metadata      jsonb NOT NULL,
        topic         text NOT NULL,
        partition     integer NOT NULL,
        kafka_offset  bigint NOT NULL
      )`);
    await db.query(
      `CREATE INDEX event_timeline_by_item ON read.event_timeline (store_id, sku, occurred_at, event_id)`,
    );
    await db.query(`CREATE INDEX event_timeline_by_sku ON read.event_timeline (sku, occurred_at, event_id)`);
    await db.query(`CREATE INDEX event_timeline_by_time ON read.event_timeline (occurred_at, event_id)`);
    await db.query(`
      CREATE TABLE read.dead_letters (
        id           bigserial PRIMARY KEY,
        consumer     text NOT NULL,
        topic        text NOT NULL,
        partition    integer NOT NULL,
        kafka_offset bigint NOT NULL,
        key          text,
        value        text,
        error        text NOT NULL,
        stage        text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        replayed_at  timestamptz,
        replay_count integer NOT NULL DEFAULT 0,
        UNIQUE (consumer, topic, partition, kafka_offset)
      )`);
    await db.query(`CREATE INDEX dead_letters_by_topic ON read.dead_letters (topic, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE read.dead_letters, read.event_timeline, read.store_view, read.product_totals_view`,
    );
    await db.query(`DROP INDEX read.availability_view_changes`);
    await db.query(`ALTER TABLE read.availability_view DROP COLUMN change_seq`);
    await db.query(`DROP SEQUENCE read.availability_change_seq`);
    await db.query(
      `CREATE INDEX availability_view_changes ON read.availability_view (updated_at, sku, store_id)`,
    );
  }
}

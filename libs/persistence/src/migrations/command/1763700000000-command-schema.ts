import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CommandSchema1763700000000 implements MigrationInterface {
  name = 'CommandSchema1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS command`);
    await db.query(`
      CREATE TABLE command.stores (
        store_id   text PRIMARY KEY,
        name       text NOT NULL,
        latency_ms integer NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
        active     boolean NOT NULL DEFAULT true,
        version    integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE command.products (
        sku                 text PRIMARY KEY,
        name                text NOT NULL,
        low_stock_threshold integer NOT NULL DEFAULT 3 CHECK (low_stock_threshold >= 0),
        version             integer NOT NULL CHECK (version >= 1),
        created_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE command.stock_items (
        store_id   text NOT NULL REFERENCES command.stores (store_id),
        sku        text NOT NULL,
        on_hand    integer NOT NULL CHECK (on_hand >= 0),
        reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        version    integer NOT NULL CHECK (version >= 1),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (store_id, sku),
        CONSTRAINT stock_items_reserved_within_on_hand CHECK (reserved <= on_hand)
      )`);
    await db.query(`CREATE INDEX stock_items_by_sku ON command.stock_items (sku)`);
    await db.query(`
      CREATE TABLE command.events (
        global_position bigserial PRIMARY KEY,
        event_id        uuid NOT NULL UNIQUE,
        stream_type     text NOT NULL,
        stream_id       text NOT NULL,
        stream_version  integer NOT NULL,
        event_type      text NOT NULL,
        event_version   integer NOT NULL,
        occurred_at     timestamptz NOT NULL,
        payload         jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_type, stream_id, stream_version)
      )`);
    await db.query(`
      CREATE TABLE command.outbox (
        id           bigserial PRIMARY KEY,
        event_id     uuid NOT NULL,
        topic        text NOT NULL,
        key          text NOT NULL,
        value        text NOT NULL,
        headers      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts     integer NOT NULL DEFAULT 0,
        last_error   text,
        failed_at    timestamptz
      )`);
    // The relay only ever looks for unpublished rows: a partial index keeps that scan tiny.
    await db.query(`CREATE INDEX outbox_unpublished ON command.outbox (id) WHERE published_at IS NULL`);
    await db.query(
      `CREATE INDEX outbox_published_at ON command.outbox (published_at) WHERE published_at IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE command.idempotency_keys (
        principal    text NOT NULL,
        key          text NOT NULL,
        method       text NOT NULL,
        path         text NOT NULL,
        request_hash text NOT NULL,
        status       integer NOT NULL,
        response     text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        PRIMARY KEY (principal, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_expiry ON command.idempotency_keys (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA command CASCADE`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the outbox relay needs beyond the base table: a per-row retry time, so a row that failed to
 * publish waits its turn without stalling other keys, and a tiny index of "parked" rows (waiting for a
 * retry, or failed for good) by key, which the relay probes to hold later rows of the same key back.
 */
export class OutboxRelay1763800000000 implements MigrationInterface {
  name = 'OutboxRelay1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE command.outbox ADD COLUMN next_attempt_at timestamptz`);
    await db.query(`
      CREATE INDEX outbox_parked_by_key ON command.outbox (topic, key, id)
       WHERE published_at IS NULL AND (failed_at IS NOT NULL OR next_attempt_at IS NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX command.outbox_parked_by_key`);
    await db.query(`ALTER TABLE command.outbox DROP COLUMN next_attempt_at`);
  }
}

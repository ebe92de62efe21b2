import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A dead letter keeps its key and value as the exact bytes Kafka had: they may not be valid text. */
export class DeadLetterBytes1763900000001 implements MigrationInterface {
  name = 'DeadLetterBytes1763900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE read.dead_letters
        ALTER COLUMN key TYPE bytea USING convert_to(key, 'UTF8'),
        ALTER COLUMN value TYPE bytea USING convert_to(value, 'UTF8')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE read.dead_letters
        ALTER COLUMN key TYPE text USING convert_from(key, 'UTF8'),
        ALTER COLUMN value TYPE text USING convert_from(value, 'UTF8')`);
  }
}

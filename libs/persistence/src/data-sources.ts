import { DataSource } from 'typeorm';
import { CommandSchema1763700000000 } from './migrations/command/1763700000000-command-schema';
import { ReservationsTransfers1763700000002 } from './migrations/command/1763700000002-reservations-transfers';
import { OutboxRelay1763800000000 } from './migrations/command/1763800000000-outbox-relay';
import { ReservationPaymentRef1764800000000 } from './migrations/command/1764800000000-reservation-payment-ref';
import { ReadSchema1763700000001 } from './migrations/read/1763700000001-read-schema';
import { ReservationTransferViews1763700000003 } from './migrations/read/1763700000003-reservation-transfer-views';
import { ReadSide1763900000000 } from './migrations/read/1763900000000-read-side';
import { DeadLetterBytes1763900000001 } from './migrations/read/1763900000001-dead-letter-bytes';
import { ReservationViewPaymentRef1764800000001 } from './migrations/read/1764800000001-reservation-view-payment-ref';

/** TypeORM owns schema changes: one data source per schema, each with its own migration history. */
export function commandDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: [
      CommandSchema1763700000000,
      ReservationsTransfers1763700000002,
      OutboxRelay1763800000000,
      ReservationPaymentRef1764800000000,
    ],
    migrationsTableName: 'migrations_command',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
  });
}

export function readDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: [
      ReadSchema1763700000001,
      ReservationTransferViews1763700000003,
      ReadSide1763900000000,
      DeadLetterBytes1763900000001,
      ReservationViewPaymentRef1764800000001,
    ],
    migrationsTableName: 'migrations_read',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
  });
}

/**
 * Applies pending migrations to both schemas. An advisory lock makes concurrent callers (several apps
 * or test workers starting at once) take turns instead of racing on the same DDL.
 */
export async function migrate(commandUrl: string, readUrl: string): Promise<string[]> {
  const applied: string[] = [];
  for (const source of [commandDataSource(commandUrl), readDataSource(readUrl)]) {
    await source.initialize();
    const lock = source.createQueryRunner();
    try {
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock(7340001)');
      const migrations = await source.runMigrations({ transaction: 'all' });
      applied.push(...migrations.map((migration) => migration.name));
    } finally {
      await lock.release();
      await source.destroy();
    }
  }
  return applied;
}

import { ensureSystem } from './system-process';

/** Integration tests need PostgreSQL, Redis and Kafka, migrated and with topics; not the apps. */
export default async function setup(): Promise<void> {
  await ensureSystem(
    ['--no-apps'],
    Boolean(process.env.DATABASE_URL && process.env.KAFKA_BROKERS && process.env.REDIS_URL),
  );
}

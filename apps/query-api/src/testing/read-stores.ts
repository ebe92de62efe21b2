import { encodeCachedLevels, availabilityCacheKey } from '@inventory/contracts';
import type { StockLevels } from '@inventory/domain';
import { Database, Redis } from '@inventory/persistence';
import { loadConfig } from '@inventory/platform';

/**
 * The read stores of the test stack, for integration tests that build query-side classes with `new`:
 * real PostgreSQL and Redis, and addresses where nothing answers for "that store is down".
 */
export const config = loadConfig('query-api', { ...process.env, LOG_LEVEL: 'silent' });

export function readDatabase(url = config.database.readUrl): Database {
  return new Database({ ...config.database, url, applicationName: 'query-int-test' });
}

/**
 * A connected Redis client, configured like the app's (fail fast, no offline queue), on a logical
 * database of its own (`db`), so a test can set or leave out the cache's warm marker without touching
 * the running system's keys. Where nothing listens, it stays disconnected.
 */
export async function redisClient(db: number, url = config.redis.url): Promise<Redis> {
  const redis = new Redis(url, {
    db,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 500,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  return redis;
}

type Levels = Pick<StockLevels, 'storeId' | 'onHand' | 'reserved' | 'version'>;

/** Writes read-model rows the way the projector does, for SKUs only this test uses. */
export async function putRow(database: Database, sku: string, levels: Levels): Promise<void> {
  await database.query(
    `INSERT INTO read.availability_view (sku, store_id, on_hand, reserved, available, version, last_event_at)
     VALUES ($1, $2, $3::int, $4::int, $3::int - $4::int, $5, now())`,
    [sku, levels.storeId, levels.onHand, levels.reserved, levels.version],
  );
}

export async function putCached(redis: Redis, sku: string, levels: Levels): Promise<void> {
  await redis.hset(
    availabilityCacheKey(sku),
    levels.storeId,
    encodeCachedLevels(levels.version, levels.onHand, levels.reserved),
  );
}

/** Removes what `putRow` wrote, so the shared read model holds only what the projector wrote. */
export async function removeRows(database: Database, skus: string[]): Promise<void> {
  await database.query(`DELETE FROM read.availability_view WHERE sku = ANY($1::text[])`, [skus]);
  await database.query(`DELETE FROM read.product_totals_view WHERE sku = ANY($1::text[])`, [skus]);
}

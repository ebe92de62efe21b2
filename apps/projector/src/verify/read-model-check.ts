import { availabilityCacheKey, decodeCachedLevels } from '@inventory/contracts';
import type { Database, Redis } from '@inventory/persistence';
import { loadCommandFacts } from './command-facts';
import { CHECKED_READ_TABLES, COMMAND_FACTS, READ_MODEL_CHECKS } from './read-model-check.sql';

/**
 * The two sides a check compares, each through its own database's connection: the read schema
 * (READ_DATABASE_URL) and the command schema (DATABASE_URL), which may be different databases.
 */
export interface VerifyDatabases {
  read: Database;
  command: Database;
}

export interface Discrepancy {
  kind: string;
  id: string;
  detail: unknown;
}

export interface ReadModelReport {
  items: number;
  skus: number;
  discrepancies: Discrepancy[];
}

export interface CheckOptions {
  /** 0: the system is drained and must match exactly; more: tolerate projection lag up to this. */
  lagToleranceMs: number;
  /** Also compare the Redis cache with `read.availability_view`. */
  redis?: Redis;
}

const SKU_CHUNK = 2000;

interface CacheRow {
  sku: string;
  store_id: string;
  on_hand: number;
  reserved: number;
  version: number;
  age_ms: number;
}

/**
 * Checks the read model against the command side and the cache against the read model: every item,
 * every event, set-based. Returns what differs; an empty list means consistent.
 *
 * One repeatable-read transaction on the read database: its snapshot is taken first, then the command
 * side's (also repeatable read), so the command facts are never older than the read rows they are
 * compared with — a projection only writes what the command side committed before, and the read side
 * can never look ahead of it. The read tables are locked (ACCESS SHARE, as any query does) before the
 * snapshot, so a rebuild's swap cannot replace one of them mid-check; the swap waits, as it does for
 * any long query, and retries.
 */
export async function checkReadModel(
  databases: VerifyDatabases,
  options: CheckOptions,
): Promise<ReadModelReport> {
  const report = await databases.read.transaction(async (read) => {
    await read.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await read.query(`LOCK TABLE ${CHECKED_READ_TABLES.join(', ')} IN ACCESS SHARE MODE`);
    // The first query fixes the read snapshot, before the command side's is taken.
    await read.query('SELECT 1');
    await databases.command.transaction(async (command) => {
      await command.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await loadCommandFacts(read, command, COMMAND_FACTS);
    });
    const found: Discrepancy[] = [];
    for (const sql of Object.values(READ_MODEL_CHECKS)) {
      const params = sql.includes('$1') ? [options.lagToleranceMs] : [];
      found.push(...(await read.query<Discrepancy>(sql, params)).rows);
    }
    const { rows } = await read.query<{ items: number; skus: number }>(
      `SELECT count(*)::int AS items, count(DISTINCT sku)::int AS skus FROM read.availability_view`,
    );
    return { ...rows[0]!, discrepancies: found };
  });
  if (options.redis)
    report.discrepancies.push(...(await checkCache(databases.read, options.redis, options.lagToleranceMs)));
  return report;
}

/** Redis == read model, SKU by SKU (one pipeline per chunk); a row written just now may be in flight. */
async function checkCache(database: Database, redis: Redis, lagToleranceMs: number): Promise<Discrepancy[]> {
  const found: Discrepancy[] = [];
  let after = '';
  for (;;) {
    const rows = await database.query<CacheRow>(
      `SELECT sku, store_id, on_hand, reserved, version,
              (extract(epoch FROM now() - updated_at) * 1000)::int AS age_ms
         FROM read.availability_view
        WHERE sku IN (SELECT DISTINCT sku FROM read.availability_view WHERE sku > $1 ORDER BY sku LIMIT $2)
        ORDER BY sku, store_id`,
      [after, SKU_CHUNK],
    );
    if (rows.length === 0) return found;
    const skus = [...new Set(rows.map((row) => row.sku))];
    const pipeline = redis.pipeline();
    for (const sku of skus) pipeline.hgetall(availabilityCacheKey(sku));
    const hashes = new Map(
      ((await pipeline.exec()) ?? []).map(([, fields], i) => [skus[i]!, fields as Record<string, string>]),
    );
    for (const row of rows) {
      const cached = hashes.get(row.sku)?.[row.store_id];
      const levels = cached === undefined ? undefined : decodeCachedLevels(cached);
      const same =
        levels?.version === row.version && levels.onHand === row.on_hand && levels.reserved === row.reserved;
      const inFlight = levels === undefined || levels.version < row.version;
      if (same || (inFlight && row.age_ms <= lagToleranceMs)) continue;
      found.push({
        kind: 'cache',
        id: `${row.store_id}:${row.sku}`,
        detail: {
          read: { onHand: row.on_hand, reserved: row.reserved, version: row.version },
          cached: levels ?? null,
        },
      });
    }
    after = rows.at(-1)!.sku;
  }
}

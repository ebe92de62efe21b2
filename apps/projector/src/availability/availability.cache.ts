import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  AVAILABILITY_CACHE_WARMED_KEY,
  availabilityCacheKey,
  encodeCachedLevels,
  REPLACE_HASH_LUA,
  SET_IF_NEWER_LUA,
} from '@inventory/contracts';
import type { StockLevels } from '@inventory/domain';
import { Database, READ_DATABASE, Redis } from '@inventory/persistence';
import { LOGGER, Metrics, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';

const CHECK_EVERY_MS = 1000;
const WARM_CHUNK_SKUS = 2000;

interface CacheCommands {
  setIfNewer(key: string, ...triples: Array<string | number>): void;
  replaceHash(key: string, ...triples: Array<string | number>): void;
}

type Levels = Pick<StockLevels, 'storeId' | 'sku' | 'onHand' | 'reserved' | 'version'>;

/**
 * The Redis copy of availability: a hash per SKU, written after PostgreSQL commits and guarded by
 * version. When Redis was away (a write failed) or lost its data (the warm marker is gone), it is
 * warmed from `read.availability_view` in bulk, one atomic call per SKU so no reader sees half a SKU.
 */
@Injectable()
export class AvailabilityCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private needsWarm = true;
  private warming?: Promise<void>;
  private readonly loop: PeriodicTask;
  private readonly warms;
  private readonly writeFailures;

  constructor(
    private readonly redis: Redis,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.redis.defineCommand('setIfNewer', { numberOfKeys: 1, lua: SET_IF_NEWER_LUA });
    this.redis.defineCommand('replaceHash', { numberOfKeys: 1, lua: REPLACE_HASH_LUA });
    this.warms = metrics.counter('availability_cache_warms_total', 'Bulk warm-ups of the Redis cache', [
      'mode',
    ]);
    this.writeFailures = metrics.counter(
      'availability_cache_write_failures_total',
      'Cache writes that failed (Redis away); a warm-up follows',
    );
    this.loop = new PeriodicTask(
      { name: 'availability-cache-check', intervalMs: CHECK_EVERY_MS, runAtStart: true },
      () => this.check(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** Newest levels of the items a batch changed; never throws (PostgreSQL has the data). */
  async write(rows: Levels[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [sku, levels] of groupBySku(rows)) {
      (pipeline as unknown as CacheCommands).setIfNewer(availabilityCacheKey(sku), ...triples(levels));
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      if (results.some(([error]) => error)) throw results.find(([error]) => error)![0];
    } catch (error) {
      this.needsWarm = true;
      this.writeFailures.inc();
      this.logger.warn({ err: error }, 'redis update skipped; a warm-up will refill it');
    }
  }

  /**
   * Loads every row of `schema`'s availability view into Redis. `replace` rewrites each SKU's hash
   * whole (after a rebuild, with the live projection paused); otherwise only newer versions are written.
   */
  async warm(mode: 'merge' | 'replace' = 'merge', schema = 'read'): Promise<number> {
    const began = Date.now();
    let after = '';
    let skus = 0;
    for (;;) {
      const rows = await this.database.query<Levels>(
        `SELECT sku, store_id AS "storeId", on_hand AS "onHand", reserved, version
           FROM ${schema}.availability_view
          WHERE sku IN (SELECT DISTINCT sku FROM ${schema}.availability_view WHERE sku > $1 ORDER BY sku LIMIT $2)
          ORDER BY sku`,
        [after, WARM_CHUNK_SKUS],
      );
      if (rows.length === 0) break;
      const pipeline = this.redis.pipeline() as unknown as CacheCommands & { exec(): Promise<unknown> };
      const groups = groupBySku(rows);
      for (const [sku, levels] of groups) {
        const command = mode === 'replace' ? 'replaceHash' : 'setIfNewer';
        pipeline[command](availabilityCacheKey(sku), ...triples(levels));
      }
      await pipeline.exec();
      skus += groups.size;
      after = rows.at(-1)!.sku;
    }
    await this.redis.set(AVAILABILITY_CACHE_WARMED_KEY, new Date().toISOString());
    this.warms.inc({ mode });
    this.logger.info({ skus, mode, ms: Date.now() - began }, 'redis availability cache warmed');
    return skus;
  }

  /** Rewrites the hashes of `skus` from PostgreSQL (after a repair re-projected them). */
  async refresh(skus: string[]): Promise<void> {
    if (skus.length === 0) return;
    const rows = await this.database.query<Levels>(
      `SELECT sku, store_id AS "storeId", on_hand AS "onHand", reserved, version
         FROM read.availability_view WHERE sku = ANY($1) ORDER BY sku`,
      [skus],
    );
    const pipeline = this.redis.pipeline() as unknown as CacheCommands & { exec(): Promise<unknown> };
    for (const [sku, levels] of groupBySku(rows))
      pipeline.replaceHash(availabilityCacheKey(sku), ...triples(levels));
    await pipeline.exec();
  }

  /** Warms when a write failed earlier or Redis lost its data; one warm-up at a time. */
  private async check(): Promise<void> {
    if (this.warming) return;
    try {
      if (!this.needsWarm && (await this.redis.exists(AVAILABILITY_CACHE_WARMED_KEY)) === 1) return;
      this.needsWarm = false;
      this.warming = this.warm().then(() => undefined);
      await this.warming;
    } catch (error) {
      this.needsWarm = true;
      this.logger.debug({ err: error }, 'cache warm-up postponed; Redis or PostgreSQL unavailable');
    } finally {
      this.warming = undefined;
    }
  }
}

function groupBySku(rows: Levels[]): Map<string, Levels[]> {
  const groups = new Map<string, Levels[]>();
  for (const row of rows) {
    const group = groups.get(row.sku);
    if (group) group.push(row);
    else groups.set(row.sku, [row]);
  }
  return groups;
}

function triples(levels: Levels[]): Array<string | number> {
  return levels.flatMap((row) => [
    row.storeId,
    row.version,
    encodeCachedLevels(row.version, row.onHand, row.reserved),
  ]);
}

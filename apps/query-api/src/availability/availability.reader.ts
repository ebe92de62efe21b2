import { Inject, Injectable } from '@nestjs/common';
import {
  AVAILABILITY_CACHE_WARMED_KEY,
  availabilityCacheKey,
  decodeCachedLevels,
  type StoreAvailability,
} from '@inventory/contracts';
import { Database, READ_DATABASE, Redis } from '@inventory/persistence';
import { LOGGER, Metrics, ServiceUnavailable } from '@inventory/platform';
import type { Logger } from 'pino';

export type AvailabilityBySku = Map<string, StoreAvailability[]>;

const NO_REPLY: [Error, undefined] = [new Error('no reply from Redis'), undefined];

interface CacheAnswer {
  /** SKUs Redis holds rows for. */
  found: AvailabilityBySku;
  /** SKUs Redis could not answer for: it is down, a command failed, or it is not warm. */
  unanswered: string[];
}

/**
 * Availability rows of SKUs: from Redis when it has them, the rest from the read schema. Either store
 * alone is enough to answer; only both down is a 503. Redis is trusted only while the projector's warm
 * marker is set: after Redis lost its data, a hash may hold only the stores written since, so until
 * the warm-up completes every SKU comes from PostgreSQL. A SKU a warm Redis has no hash for, while the
 * read schema cannot be asked, counts as unstocked: the projector writes Redis for every row.
 */
@Injectable()
export class AvailabilityReader {
  private readonly cacheRequests;
  private readonly readSeconds;

  constructor(
    private readonly redis: Redis,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.cacheRequests = metrics.counter(
      'query_cache_requests_total',
      'SKU lookups in the Redis availability cache, by result',
      ['result'],
    );
    this.readSeconds = metrics.histogram(
      'query_store_read_seconds',
      'Time to read availability from a store, by store',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      ['store'],
    );
  }

  async perStore(sku: string): Promise<StoreAvailability[]> {
    return (await this.bySku([sku])).get(sku) ?? [];
  }

  /** One Redis round trip for all SKUs, then one PostgreSQL query for those Redis lacks. */
  async bySku(skus: readonly string[]): Promise<AvailabilityBySku> {
    const cached = await this.fromRedis(skus);
    const misses = skus.filter((sku) => !cached.found.has(sku));
    if (misses.length === 0) return cached.found;
    try {
      const stored = await this.fromPostgres(misses);
      return new Map([...cached.found, ...stored]);
    } catch (error) {
      if (cached.unanswered.length === 0) return cached.found;
      this.logger.warn({ err: error }, 'read schema unavailable and Redis has no answer');
      throw new ServiceUnavailable('the read model is unavailable; retry shortly');
    }
  }

  private async fromRedis(skus: readonly string[]): Promise<CacheAnswer> {
    const stopTimer = this.readSeconds.startTimer({ store: 'redis' });
    let replies: Array<[Error | null, unknown]>;
    try {
      const pipeline = this.redis.pipeline([
        ['exists', AVAILABILITY_CACHE_WARMED_KEY],
        ...skus.map((sku) => ['hgetall', availabilityCacheKey(sku)]),
      ]);
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      this.logger.debug({ err: error }, 'redis unavailable; reading PostgreSQL');
      replies = [];
    }
    stopTimer();
    const [warmError, warm] = replies[0] ?? NO_REPLY;
    const trusted = !warmError && warm === 1;
    const answer: CacheAnswer = { found: new Map(), unanswered: [] };
    const counts = { hit: 0, miss: 0, error: 0 };
    skus.forEach((sku, i) => {
      const [error, fields] = replies[i + 1] ?? NO_REPLY;
      if (warmError || error) {
        counts.error += 1;
        answer.unanswered.push(sku);
        return;
      }
      const rows = decodeFields(fields as Record<string, string>);
      if (trusted && rows.length > 0) {
        counts.hit += 1;
        answer.found.set(sku, rows);
        return;
      }
      counts.miss += 1;
      if (!trusted) answer.unanswered.push(sku);
    });
    for (const [result, count] of Object.entries(counts)) this.cacheRequests.inc({ result }, count);
    return answer;
  }

  private async fromPostgres(skus: string[]): Promise<AvailabilityBySku> {
    const stopTimer = this.readSeconds.startTimer({ store: 'postgres' });
    const rows = await this.database
      .query<StoreAvailability & { sku: string }>(
        `SELECT sku, store_id AS "storeId", on_hand AS "onHand", reserved, available, version
           FROM read.availability_view WHERE sku = ANY($1::text[])`,
        [skus],
      )
      .finally(() => stopTimer());
    const bySku: AvailabilityBySku = new Map();
    for (const { sku, ...row } of rows) {
      const known = bySku.get(sku);
      if (known) known.push(row);
      else bySku.set(sku, [row]);
    }
    return bySku;
  }
}

function decodeFields(fields: Record<string, string>): StoreAvailability[] {
  return Object.entries(fields).map(([storeId, value]) => {
    const { version, onHand, reserved } = decodeCachedLevels(value);
    return { storeId, onHand, reserved, available: onHand - reserved, version };
  });
}

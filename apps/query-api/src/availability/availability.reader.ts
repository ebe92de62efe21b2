import { Inject, Injectable } from '@nestjs/common';
import { availabilityCacheKey, decodeCachedLevels, type StoreAvailability } from '@inventory/contracts';
import { Database, READ_DATABASE, Redis } from '@inventory/persistence';
import { LOGGER, ServiceUnavailable } from '@inventory/platform';
import type { Logger } from 'pino';

/**
 * Availability rows of a SKU: from Redis when it has them, else from the read schema. Either store
 * alone is enough to answer; only both down is a 503.
 */
@Injectable()
export class AvailabilityReader {
  constructor(
    private readonly redis: Redis,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async perStore(sku: string): Promise<StoreAvailability[]> {
    const cached = await this.fromRedis(sku);
    if (cached && cached.length > 0) return cached;
    try {
      return await this.fromPostgres(sku);
    } catch (error) {
      if (cached) return cached;
      this.logger.warn({ err: error }, 'read schema unavailable and Redis has no answer');
      throw new ServiceUnavailable('the read model is unavailable; retry shortly');
    }
  }

  private async fromRedis(sku: string): Promise<StoreAvailability[] | undefined> {
    try {
      const fields = await this.redis.hgetall(availabilityCacheKey(sku));
      return Object.entries(fields).map(([storeId, value]) => {
        const { version, onHand, reserved } = decodeCachedLevels(value);
        return { storeId, onHand, reserved, available: onHand - reserved, version };
      });
    } catch (error) {
      this.logger.debug({ err: error }, 'redis unavailable; reading PostgreSQL');
      return undefined;
    }
  }

  private fromPostgres(sku: string): Promise<StoreAvailability[]> {
    return this.database.query<StoreAvailability>(
      `SELECT store_id AS "storeId", on_hand AS "onHand", reserved, available, version
         FROM read.availability_view WHERE sku = $1`,
      [sku],
    );
  }
}

import type { Provider } from '@nestjs/common';
import { AppConfig } from '@inventory/platform';
import Redis from 'ioredis';

export { Redis };

/**
 * The read cache. Commands fail fast while Redis is away (no offline queue), so callers fall back to
 * PostgreSQL instead of waiting.
 */
export const redisProvider: Provider = {
  provide: Redis,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => {
    const redis = new Redis(config.redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      lazyConnect: false,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    // Connection errors surface on the commands that need Redis; the client keeps reconnecting.
    redis.on('error', () => undefined);
    return redis;
  },
};

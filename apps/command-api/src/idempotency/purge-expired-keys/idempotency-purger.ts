import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { LOGGER, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { PURGE_EXPIRED_KEYS } from '../../command-store/idempotency.sql';

const INTERVAL_MS = 60_000;
const BATCH = 5000;

/** Deletes idempotency keys past their retention, a small batch at a time. */
@Injectable()
export class IdempotencyPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PeriodicTask<number>;

  constructor(
    private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicTask(
      { name: 'idempotency-purge', intervalMs: INTERVAL_MS, unref: true },
      () => this.purge(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** Purges until nothing expired is left; returns how many keys went. */
  async purge(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const result = await this.database.pool.query(PURGE_EXPIRED_KEYS, [BATCH]);
        total += result.rowCount ?? 0;
        if ((result.rowCount ?? 0) < BATCH) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'idempotency purge failed; retrying next round');
    }
    if (total > 0) this.logger.info({ purged: total }, 'expired idempotency keys purged');
    return total;
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { LOGGER, PeriodicTask } from '@inventory/platform';
import type { Logger } from 'pino';
import { stuckTransfers } from './transfer.repository';
import { TransferSaga } from './transfer-saga';

const INTERVAL_MS = 1000;
const STUCK_AFTER_MS = 5000;

/**
 * Finishes transfers a crash left in transit between the saga's steps. The saga step locks the transfer
 * row and acts only while it is IN_TRANSIT, so racing the request path or another instance is harmless.
 */
@Injectable()
export class TransferRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PeriodicTask;

  constructor(
    private readonly database: Database,
    private readonly saga: TransferSaga,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PeriodicTask(
      { name: 'transfer-recovery', intervalMs: INTERVAL_MS },
      () => this.recover(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  async recover(): Promise<void> {
    try {
      const client = await this.database.pool.connect();
      let ids: string[];
      try {
        ids = await stuckTransfers(client, STUCK_AFTER_MS, 50);
      } finally {
        client.release();
      }
      for (const id of ids) {
        const { state } = await this.saga.finish(id);
        this.logger.info({ transferId: id, status: state.root.status }, 'recovered a transfer');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'transfer recovery failed; retrying');
    }
  }
}

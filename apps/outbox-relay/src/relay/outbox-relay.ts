import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createIdempotentProducer, KAFKA, sendAll } from '@inventory/messaging';
import { Database } from '@inventory/persistence';
import { AppConfig, LOGGER, Metrics } from '@inventory/platform';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';

import { LeaderLock } from './leader-lock';
import { MARK_PUBLISHED, NEXT_BATCH, type OutboxRow } from './outbox.sql';
import { Wakeup } from './wakeup';

export const OUTBOX_CHANNEL = 'outbox';
const MAX_BACKOFF_MS = 5000;

export type RelayRole = 'starting' | 'leader' | 'standby' | 'stopped';

/**
 * Publishes committed outbox rows to Kafka in id order and marks them published only after Kafka
 * acknowledged them. A crash between the two republishes the batch: delivery is at-least-once and
 * consumers dedup by event id / version.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly wakeup = new Wakeup();
  private readonly lock: LeaderLock;
  private readonly producer: Producer;
  private running = false;
  private loop?: Promise<void>;
  private producerConnected = false;
  role: RelayRole = 'starting';
  lastError?: { message: string; at: string };

  private readonly published;
  private readonly publishLatency;

  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.producer = createIdempotentProducer(kafka);
    this.lock = new LeaderLock(
      config.database.url,
      OUTBOX_CHANNEL,
      () => this.wakeup.wake(),
      (error) => this.logger.warn({ err: error }, 'lost leadership: the lock connection failed'),
    );
    this.published = metrics.counter('outbox_published_total', 'Outbox rows published to Kafka');
    this.publishLatency = metrics.histogram(
      'outbox_publish_batch_seconds',
      'Time to publish one batch and mark it published',
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    );
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    await this.loop;
    await this.lock.release();
    if (this.producerConnected) await this.producer.disconnect().catch(() => undefined);
    this.role = 'stopped';
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lock.tryAcquire())) {
          this.role = 'standby';
          await this.wakeup.wait(1000);
          continue;
        }
        this.role = 'leader';
        await this.connectProducer();
        const count = await this.publishBatch();
        failures = 0;
        if (count < this.config.outbox.batchSize) await this.wakeup.wait(this.config.outbox.pollIntervalMs);
      } catch (error) {
        failures++;
        this.lastError = {
          message: error instanceof Error ? error.message : String(error),
          at: new Date().toISOString(),
        };
        this.logger.warn({ err: error, failures }, 'publishing failed; backing off');
        await this.wakeup.wait(Math.min(100 * 2 ** failures, MAX_BACKOFF_MS));
      }
    }
  }

  private async connectProducer(): Promise<void> {
    if (this.producerConnected) return;
    await this.producer.connect();
    this.producerConnected = true;
  }

  /** One batch: read, send, acknowledge. Returns how many rows were published. */
  private async publishBatch(): Promise<number> {
    const rows = await this.database.query<OutboxRow>(NEXT_BATCH, [this.config.outbox.batchSize]);
    if (rows.length === 0) return 0;
    const stopTimer = this.publishLatency.startTimer();
    await sendAll(this.producer, rows);
    // Leadership may have moved while we sent; the rows are on Kafka either way, and marking them
    // twice is harmless, so the mark needs no fencing.
    await this.database.query(MARK_PUBLISHED, [rows.map((row) => row.id)]);
    stopTimer();
    this.published.inc(rows.length);
    return rows.length;
  }
}

import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { RelayRole } from '@inventory/contracts';
import { KAFKA, ProducerSession, publishErrorMessage } from '@inventory/messaging';
import { AppConfig, LOGGER } from '@inventory/platform';
import { OUTBOX_CHANNEL } from '@inventory/persistence';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { backoffMs } from './backoff';
import { LeaderSession } from './leader-session';
import { BatchPublisher } from './publish-batch';
import { PublishRate } from './publish-rate';
import { PurgePublished } from './purge-published';
import { RecordRefusal } from './record-refusal';
import { RelayPipeline } from './relay-pipeline';
import { RelayMetrics } from './relay-metrics';
import { Wakeup } from './wakeup';

/** The channel the command API notifies after commits. */
const FIRST_BACKOFF_MS = 100;
/**
 * kafkajs's own retries stay short: the relay owns the backoff (capped, visible in status and
 * metrics), and a short send failure gets the producer replaced sooner.
 */
const PRODUCER_RETRY = { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 };

type Phase = 'starting' | 'running' | 'stopped';

/**
 * Publishes committed outbox rows to Kafka in order per key and marks them published only after Kafka
 * acknowledged them. One relay leads (an advisory lock); the others stand by and take over when it
 * dies. A crash between "acknowledged" and "marked" republishes those rows: delivery is at-least-once,
 * and consumers dedup by eventId.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  lastError?: { message: string; at: string };
  readonly rate = new PublishRate();

  private readonly wakeup = new Wakeup();
  private readonly session: LeaderSession;
  private readonly producer: ProducerSession;
  private readonly pipeline: RelayPipeline;
  private readonly purge: PurgePublished;
  private phase: Phase = 'starting';
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: RelayMetrics,
  ) {
    const settings = config.outbox;
    this.session = new LeaderSession({
      url: config.database.url,
      channel: OUTBOX_CHANNEL,
      statementTimeoutMs: config.database.statementTimeoutMs,
      onWake: () => this.wakeup.wake(),
      onLost: (error) => {
        this.logger.warn({ err: error }, 'lost leadership: the lock session failed');
        this.metrics.leader.set(0);
        this.wakeup.wake();
      },
    });
    this.producer = new ProducerSession(kafka, PRODUCER_RETRY);
    const refusals = new RecordRefusal(this.session, this.producer, settings, metrics, logger);
    this.purge = new PurgePublished(this.session, settings.retentionSeconds, settings.purgeIntervalMs);
    this.pipeline = new RelayPipeline(
      new BatchPublisher(
        this.session,
        kafka,
        this.producer,
        refusals,
        metrics,
        this.rate,
        this.purge,
        settings.batchSize,
      ),
      settings.batchSize,
    );
  }

  /** Read from the lock session itself: the moment the session dies, this relay stops calling itself leader. */
  get role(): RelayRole {
    if (this.phase !== 'running') return this.phase;
    return this.session.isLeader ? 'leader' : 'standby';
  }

  onApplicationBootstrap(): void {
    this.phase = 'running';
    this.running = true;
    this.loop = this.run();
  }

  /**
   * SIGTERM: stop sending batches and give the one in flight (and the marks of those sent)
   * `shutdownGraceMs` to finish; a batch read but not sent yet is left to the next leader. Past that it
   * is abandoned: closing the lock session releases the lock at once, and the next leader republishes
   * whatever was not marked.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeup.wake();
    const finished = await Promise.race([
      this.loop?.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), this.config.outbox.shutdownGraceMs)),
    ]);
    if (!finished)
      this.logger.warn('shutdown: abandoning the batch in flight; the next leader republishes it');
    await this.session.release();
    await this.producer.close();
    this.phase = 'stopped';
    this.metrics.leader.set(0);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!(await this.lead())) {
          await this.wakeup.wait(this.config.outbox.standbyPollMs);
          continue;
        }
        // The purge also runs between batches: under steady traffic a run may not end for long.
        await this.pipeline.run(() => this.running);
        await this.purge.runIfDue();
        failures = 0;
        await this.wakeup.wait(this.config.outbox.pollIntervalMs);
      } catch (error) {
        if (!this.running) break;
        failures++;
        this.lastError = { message: publishErrorMessage(error), at: new Date().toISOString() };
        const delay = backoffMs(failures, FIRST_BACKOFF_MS, this.config.outbox.maxBackoffMs);
        this.logger.warn({ err: error, failures, retryInMs: delay }, 'relay pass failed; backing off');
        await this.wakeup.wait(delay);
      }
    }
  }

  private async lead(): Promise<boolean> {
    const was = this.session.isLeader;
    const leading = await this.session.tryAcquire();
    this.metrics.leader.set(leading ? 1 : 0);
    if (leading && !was) this.logger.info('became the outbox relay leader');
    return leading;
  }
}

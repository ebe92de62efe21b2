import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConsumerRunner, createIdempotentProducer, KAFKA } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, Metrics } from '@inventory/platform';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { applyOnce, PartitionBatcher, type PartitionBatch } from './projections/apply-once';
import { LIVE_SCHEMA, type Projection } from './projections/projection';
import { PROJECTIONS } from './projections/projections';
import { LastErrors } from './status/last-errors';
import { ProjectionMonitor } from './status/projection-monitor';

const REPLAY_FETCH_WAIT_MS = 50;
/**
 * A live consumer hands all the partitions of a fetch over at once (above a projection's 6 per topic),
 * and the batcher applies them in one transaction: per command batch, one transaction per projection
 * instead of one per partition. Each partition then holds at most 256 KiB per fetch, since all of them
 * are decoded and written together: a replay (a rebuild) keeps kafkajs' defaults, one partition at a
 * time, whose 1 MiB batches at once overflowed the projector's heap.
 */
const LIVE = { partitionsConsumedConcurrently: 16, maxBytesPerPartition: 256 * 1024 };

/** The consumer group a projection's live instance reads with. */
export const liveGroupId = (projection: Projection) => `projector.${projection.name}`;

/** Runs one consumer group per projection, applying batches exactly once into the live schema. */
@Injectable()
export class ProjectorRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly producer: Producer;
  private readonly runners = new Map<string, ConsumerRunner>();
  private readonly applied;
  private readonly skipped;
  private readonly latency;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PROJECTIONS) readonly projections: Projection[],
    private readonly deadLetters: DeadLetterStore,
    private readonly lastErrors: LastErrors,
    private readonly monitor: ProjectionMonitor,
    metrics: Metrics,
  ) {
    this.producer = createIdempotentProducer(kafka);
    this.applied = metrics.counter('projection_events_applied_total', 'Events applied by a projection', [
      'projection',
    ]);
    this.skipped = metrics.counter(
      'projection_events_redelivered_total',
      'Redelivered events a projection had applied already (skipped)',
      ['projection'],
    );
    this.latency = metrics.histogram(
      'projection_apply_seconds',
      'Time to apply one batch (transaction and cache)',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      ['projection'],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    for (const projection of this.projections) await this.startLive(projection);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop().catch(() => undefined)));
    this.runners.clear();
    await this.producer.disconnect().catch(() => undefined);
  }

  /** A consumer group reading `projection`'s topics into `schema`, dead letters recorded. */
  consumer(projection: Projection, groupId: string, schema: string): ConsumerRunner {
    const batcher = new PartitionBatcher((batches) => applyOnce(this.database, projection, batches, schema));
    return new ConsumerRunner({
      kafka: this.kafka,
      producer: this.producer,
      groupId,
      topics: [...projection.topics],
      logger: this.logger.child({ projection: projection.name, schema }),
      handleBatch: (events, context) => this.apply(projection, batcher, { events, context }, schema),
      // Recorded as the live projection's: a rebuild meeting a message it dead-lettered lists it once.
      onDeadLetter: (letter) => this.deadLetters.record({ ...letter, consumer: liveGroupId(projection) }),
      onError: (error) => this.lastErrors.record(projection.name, error),
      // A rebuild stops its replay consumers once they catch up, and stop() waits for a pending fetch.
      ...(schema === LIVE_SCHEMA ? LIVE : { maxWaitTimeInMs: REPLAY_FETCH_WAIT_MS }),
    });
  }

  /** True while `projection`'s live consumer runs in this process. */
  isLive(projection: Projection): boolean {
    return this.runners.has(projection.name);
  }

  async startLive(projection: Projection): Promise<void> {
    if (this.runners.has(projection.name)) return;
    const runner = this.consumer(projection, liveGroupId(projection), LIVE_SCHEMA);
    try {
      await runner.start();
    } catch (error) {
      await runner.stop().catch(() => undefined);
      throw error;
    }
    this.runners.set(projection.name, runner);
  }

  async stopLive(projection: Projection): Promise<void> {
    const runner = this.runners.get(projection.name);
    this.runners.delete(projection.name);
    await runner?.stop();
  }

  private async apply(
    projection: Projection,
    batcher: PartitionBatcher,
    batch: PartitionBatch,
    schema: string,
  ): Promise<void> {
    const stopTimer = this.latency.startTimer({ projection: projection.name });
    const { applied, skipped } = await batcher.submit(batch);
    stopTimer();
    if (schema !== LIVE_SCHEMA) return;
    // New events reached a live consumer: its monitor samples at the full rate again.
    this.monitor.wake();
    this.applied.inc({ projection: projection.name }, applied);
    if (skipped > 0) this.skipped.inc({ projection: projection.name }, skipped);
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PartitionLag } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, Metrics, PeriodicTask } from '@inventory/platform';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { readCheckpoints, type Checkpoint } from '../projections/checkpoints';
import { KafkaOffsets, type PartitionEnds } from '../projections/kafka-offsets';
import { LIVE_SCHEMA, type Projection } from '../projections/projection';
import { PROJECTIONS } from '../projections/projections';
import { appliedTotal, positionsOf, remaining } from '../projections/positions';
import { EventRate } from './event-rate';

const POLL_MS = 250;
/** Longest wait between samples while nothing changes and every event is applied. */
const IDLE_POLL_MS = 4000;

export interface OffsetsSample {
  at: number;
  ends: PartitionEnds[];
  /** The live projections' checkpoints. */
  checkpoints: Checkpoint[];
}

/**
 * Samples the topics' end offsets and the live checkpoints every 250 ms: the lag of each projection in
 * ms (the same arithmetic as the query API's `X-Projection-Lag-ms`), in events, and its recent rate.
 * An idle system sleeps: while a sample finds the same ends and checkpoints as the one before and every
 * event applied, the wait doubles up to 4 s. Any change, any batch a live consumer applies (its fetch
 * sees new events at once) and any status request snaps it back to 250 ms; while events wait unapplied
 * (a consumer stopped or behind) it stays at 250 ms, so a growing lag is sampled as before.
 */
@Injectable()
export class ProjectionMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private latest?: OffsetsSample;
  /** Whether the last sample saw nothing new and nothing waiting: the monitor may sleep longer. */
  private settled = false;
  /** Per projection and topic: the lag arithmetic works on one topic's partitions. */
  private readonly lags = new Map<string, PartitionLag>();
  private readonly rates = new Map<string, EventRate>();
  private readonly loop: PeriodicTask;

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly offsets: KafkaOffsets,
    metrics: Metrics,
  ) {
    for (const projection of projections) {
      this.rates.set(projection.name, new EventRate());
      for (const topic of projection.topics)
        this.lags.set(lagKey(projection.name, topic), new PartitionLag());
    }
    const registers = [metrics.registry];
    const perProjection = (gauge: Gauge<'projection'>, value: (projection: Projection) => number) => {
      for (const projection of this.projections)
        gauge.set({ projection: projection.name }, value(projection));
    };
    const lagMs: Gauge<'projection'> = new Gauge({
      name: 'projection_lag_ms',
      help: 'How long the oldest event on Kafka not yet applied by a live projection has waited (0 when caught up)',
      labelNames: ['projection'],
      registers,
      collect: () => perProjection(lagMs, (projection) => this.lagMs(projection)),
    });
    const consumerLag: Gauge<'projection'> = new Gauge({
      name: 'projection_consumer_lag',
      help: 'Events on Kafka a live projection has not applied yet, at the last sample',
      labelNames: ['projection'],
      registers,
      collect: () => perProjection(consumerLag, (projection) => this.consumerLag(projection)),
    });
    this.loop = new PeriodicTask(
      {
        name: 'projection-offsets-sample',
        intervalMs: POLL_MS,
        runAtStart: true,
        idle: { maxMs: IDLE_POLL_MS, quiet: () => this.settled },
      },
      () => this.poll(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** Events moved (a live batch applied) or someone looks: sample at the full rate again. */
  wake(): void {
    this.loop.wake();
  }

  get sample(): OffsetsSample | undefined {
    return this.latest;
  }

  /** Milliseconds the oldest unapplied event has waited, over the projection's topics. */
  lagMs(projection: Projection, now = Date.now()): number {
    return Math.max(
      0,
      ...projection.topics.map((topic) => this.lags.get(lagKey(projection.name, topic))!.lagMs(now)),
    );
  }

  consumerLag(projection: Projection): number {
    if (!this.latest) return 0;
    const ends = this.latest.ends.filter((partition) => projection.topics.includes(partition.topic));
    return Number(remaining(ends, positionsOf(this.latest.checkpoints, projection.name)));
  }

  eventsPerSecond(projection: Projection): number {
    return this.rates.get(projection.name)!.perSecond();
  }

  private async poll(): Promise<void> {
    try {
      const topics = [...new Set(this.projections.flatMap((projection) => projection.topics))];
      const names = this.projections.map((projection) => projection.name);
      const [ends, checkpoints] = await Promise.all([
        this.offsets.ends(topics),
        readCheckpoints(this.database, LIVE_SCHEMA, names),
      ]);
      const at = Date.now();
      this.settled = sameSample(this.latest, ends, checkpoints) && this.fullyApplied(ends, checkpoints);
      this.latest = { at, ends, checkpoints };
      for (const projection of this.projections) this.record(projection, at, ends, checkpoints);
    } catch (error) {
      // Without fresh samples the oldest unapplied sample only ages: the lag keeps growing, as it should.
      this.settled = false;
      this.logger.debug({ err: error }, 'projection offsets not sampled');
    }
  }

  /** Every projection has applied every event on its topics. */
  private fullyApplied(ends: PartitionEnds[], checkpoints: Checkpoint[]): boolean {
    return this.projections.every((projection) => {
      const mine = ends.filter((partition) => projection.topics.includes(partition.topic));
      return remaining(mine, positionsOf(checkpoints, projection.name)) === 0n;
    });
  }

  private record(projection: Projection, at: number, ends: PartitionEnds[], checkpoints: Checkpoint[]): void {
    const positions = positionsOf(checkpoints, projection.name);
    const mine = ends.filter((partition) => projection.topics.includes(partition.topic));
    this.rates.get(projection.name)!.record(at, appliedTotal(mine, positions));
    for (const topic of projection.topics) {
      const partitions = mine.filter((partition) => partition.topic === topic);
      const applied = checkpoints.filter((c) => c.projection === projection.name && c.topic === topic);
      this.lags
        .get(lagKey(projection.name, topic))!
        .sample(
          at,
          new Map(partitions.map((partition) => [partition.partition, partition.high])),
          new Map(applied.map((checkpoint) => [checkpoint.partition, checkpoint.nextOffset])),
        );
    }
  }
}

const lagKey = (projection: string, topic: string) => `${projection}\u0000${topic}`;

function sameSample(previous: OffsetsSample | undefined, ends: PartitionEnds[], checkpoints: Checkpoint[]) {
  if (!previous) return false;
  const endsKey = (list: PartitionEnds[]) => list.map((e) => `${e.topic}/${e.partition}:${e.high}`).join();
  const checkpointsKey = (list: Checkpoint[]) =>
    list.map((c) => `${c.projection}/${c.topic}/${c.partition}:${c.nextOffset}`).join();
  return (
    endsKey(previous.ends) === endsKey(ends) &&
    checkpointsKey(previous.checkpoints) === checkpointsKey(checkpoints)
  );
}

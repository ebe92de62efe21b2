import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@inventory/contracts';
import { KAFKA } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, PeriodicTask } from '@inventory/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { PartitionLag } from '@inventory/messaging';

const POLL_MS = 100;

/** The projections reads are served from, and the topic each follows. */
export const TRACKED = {
  availability: TOPICS.stock,
  reservations: TOPICS.reservation,
  transfers: TOPICS.transfer,
  catalog: TOPICS.product,
} as const;

export type TrackedProjection = keyof typeof TRACKED;

/**
 * How far each projection is behind the events already on Kafka. Every 100 ms it samples the topics'
 * end offsets and the projections' checkpoints; a projection's lag is the age of the oldest sample
 * holding an event it has not applied yet — 0 when it has applied everything Kafka had at the previous
 * sample, growing while the projector is stopped or behind.
 */
@Injectable()
export class LagMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly lags = new Map<TrackedProjection, PartitionLag>(
    (Object.keys(TRACKED) as TrackedProjection[]).map((name) => [name, new PartitionLag()]),
  );
  private readonly loop: PeriodicTask;
  private connected = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.admin = kafka.admin();
    this.loop = new PeriodicTask(
      { name: 'projection-lag-sample', intervalMs: POLL_MS, runAtStart: true },
      () => this.poll(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.loop.stop();
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  /** Milliseconds `projection` is behind, at this moment. */
  lagMs(projection: TrackedProjection, now = Date.now()): number {
    return this.lags.get(projection)!.lagMs(now);
  }

  private async poll(): Promise<void> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const names = Object.keys(TRACKED) as TrackedProjection[];
      const [ends, checkpoints] = await Promise.all([
        Promise.all(names.map((name) => this.admin.fetchTopicOffsets(TRACKED[name]))),
        this.database.query<{ projection: string; partition: number; next_offset: string }>(
          `SELECT projection, partition, next_offset FROM read.projection_checkpoints WHERE projection = ANY($1)`,
          [names],
        ),
      ]);
      const now = Date.now();
      names.forEach((name, i) => {
        const applied = checkpoints.filter((row) => row.projection === name);
        this.lags
          .get(name)!
          .sample(
            now,
            new Map(ends[i]!.map((o) => [o.partition, BigInt(o.high)])),
            new Map(applied.map((row) => [row.partition, BigInt(row.next_offset)])),
          );
      });
    } catch (error) {
      // Without fresh samples the oldest unapplied sample only ages: the lag keeps growing, as it should.
      this.logger.debug({ err: error }, 'lag sample failed');
    }
  }
}

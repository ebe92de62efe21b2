import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PROJECTION_NAMES, PROJECTION_TOPICS, type ProjectionName } from '@inventory/contracts';
import { KAFKA, PartitionLag } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER, PeriodicTask } from '@inventory/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

const POLL_MS = 100;
/** Longest wait between samples while nothing changes, every event is applied and nobody reads. */
const IDLE_POLL_MS = 2000;

/** The lag arithmetic works on one topic's partitions: one per projection and topic it follows. */
const TRACKED = PROJECTION_NAMES.flatMap((projection) =>
  PROJECTION_TOPICS[projection].map((topic) => ({ projection, topic, lag: new PartitionLag() })),
);
/** Several projections follow one topic: its end offsets are read once per sample. */
const TOPICS = [...new Set(TRACKED.map(({ topic }) => topic))];
/** Each read asks for one projection's lag: its topics' trackers, looked up once here, not per read. */
const LAGS_OF = new Map(
  PROJECTION_NAMES.map((projection) => [
    projection,
    TRACKED.filter((t) => t.projection === projection).map((t) => t.lag),
  ]),
);

/**
 * How far each projection is behind the events already on Kafka. Every 100 ms it samples the topics'
 * end offsets and the projections' checkpoints; a projection's lag is the age of the oldest sample
 * holding an event it has not applied yet — 0 when it has applied everything Kafka had at the previous
 * sample, growing while the projector is stopped or behind.
 *
 * An idle system sleeps: while samples find the same end offsets and checkpoints and every event
 * applied, the wait doubles up to 2 s; a change, an event waiting unapplied, or any read (a read asks
 * for `lagMs`) snaps it back to 100 ms. So while anyone reads, or anything moves, it samples as often as
 * it always did; after a quiet spell the first new events are seen at most 2 s late.
 */
@Injectable()
export class LagMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly loop: PeriodicTask;
  private connected = false;
  /** The last sample's offsets, to tell whether anything moved. */
  private lastSeen = '';
  private settled = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.admin = kafka.admin();
    this.loop = new PeriodicTask(
      {
        name: 'projection-lag-sample',
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

  async onApplicationShutdown(): Promise<void> {
    this.loop.stop();
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  /** Milliseconds `projection` is behind, at this moment: the most over the topics it follows. */
  lagMs(projection: ProjectionName, now = Date.now()): number {
    // Someone reads: keep sampling at the full rate while they do.
    this.loop.wake();
    let worst = 0;
    for (const lag of LAGS_OF.get(projection)!) worst = Math.max(worst, lag.lagMs(now));
    return worst;
  }

  private async poll(): Promise<void> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const [ends, checkpoints] = await Promise.all([
        Promise.all(TOPICS.map((topic) => this.admin.fetchTopicOffsets(topic))),
        this.database.query<{ projection: string; topic: string; partition: number; next_offset: string }>(
          `SELECT projection, topic, partition, next_offset FROM read.projection_checkpoints
            WHERE projection = ANY($1) ORDER BY projection, topic, partition`,
          [PROJECTION_NAMES],
        ),
      ]);
      const now = Date.now();
      let waiting = false;
      for (const { projection, topic, lag } of TRACKED) {
        const applied = checkpoints.filter((row) => row.projection === projection && row.topic === topic);
        const appliedOf = new Map(applied.map((row) => [row.partition, BigInt(row.next_offset)]));
        const endsOf = new Map(ends[TOPICS.indexOf(topic)]!.map((o) => [o.partition, BigInt(o.high)]));
        lag.sample(now, endsOf, appliedOf);
        waiting ||= [...endsOf].some(([partition, end]) => end > (appliedOf.get(partition) ?? 0n));
      }
      const seen = JSON.stringify([ends, checkpoints]);
      this.settled = !waiting && seen === this.lastSeen;
      this.lastSeen = seen;
    } catch (error) {
      this.settled = false;
      // Without fresh samples the oldest unapplied sample only ages: the lag keeps growing, as it should.
      this.logger.debug({ err: error }, 'lag sample failed');
    }
  }
}

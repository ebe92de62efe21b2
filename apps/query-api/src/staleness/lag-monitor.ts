import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@inventory/contracts';
import { KAFKA } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { LOGGER } from '@inventory/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

const POLL_MS = 100;
const MAX_SAMPLES = 10_000;

interface Sample {
  at: number;
  /** Log-end offset per partition when sampled. */
  ends: Map<number, bigint>;
}

/**
 * How far a projection is behind the events already on Kafka. Every 100 ms it samples the topic's
 * end offsets and the projection's checkpoints; the lag is the age of the oldest sample holding an
 * event the projection has not applied yet — 0 when it has applied everything Kafka had 100 ms ago,
 * and growing while the projector is stopped or behind.
 */
@Injectable()
export class LagMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly admin: Admin;
  private samples: Sample[] = [];
  private applied = new Map<number, bigint>();
  private lastPollAt = 0;
  private timer?: NodeJS.Timeout;
  private connected = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(READ_DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.admin = kafka.admin();
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.timer = setTimeout(() => void this.poll().finally(tick), POLL_MS);
    };
    void this.poll().finally(tick);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }

  /** Milliseconds the availability projection is behind, at this moment. */
  lagMs(now = Date.now()): number {
    let oldest: number | undefined;
    for (const [partition, end] of this.latestEnds()) {
      if ((this.applied.get(partition) ?? 0n) >= end) continue;
      const first = this.samples.find(
        (sample) => (sample.ends.get(partition) ?? 0n) > (this.applied.get(partition) ?? 0n),
      );
      if (first && (oldest === undefined || first.at < oldest)) oldest = first.at;
    }
    // Events first seen by the latest poll may be only microseconds old: not yet evidence of lag.
    if (oldest === undefined || oldest >= this.lastPollAt) return 0;
    return Math.max(0, now - oldest);
  }

  private latestEnds(): Map<number, bigint> {
    return this.samples[this.samples.length - 1]?.ends ?? new Map();
  }

  private async poll(): Promise<void> {
    try {
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const [offsets, checkpoints] = await Promise.all([
        this.admin.fetchTopicOffsets(TOPICS.stock),
        this.database.query<{ partition: number; next_offset: string }>(
          `SELECT partition, next_offset FROM read.projection_checkpoints WHERE projection = 'availability' AND topic = $1`,
          [TOPICS.stock],
        ),
      ]);
      this.applied = new Map(checkpoints.map((row) => [row.partition, BigInt(row.next_offset)]));
      this.lastPollAt = Date.now();
      this.record({ at: this.lastPollAt, ends: new Map(offsets.map((o) => [o.partition, BigInt(o.high)])) });
    } catch (error) {
      // Without fresh samples the oldest unapplied sample only ages: the lag keeps growing, as it should.
      this.logger.debug({ err: error }, 'lag sample failed');
    }
  }

  private record(sample: Sample): void {
    const last = this.samples[this.samples.length - 1];
    const unchanged = last && [...sample.ends].every(([p, end]) => last.ends.get(p) === end);
    // Samples older than what every partition has applied are no longer needed.
    this.samples = this.samples.filter((s) =>
      [...s.ends].some(([p, end]) => end > (this.applied.get(p) ?? 0n)),
    );
    if (!unchanged || this.samples.length === 0) this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples = this.samples.filter((_, i) => i % 2 === 0);
  }
}

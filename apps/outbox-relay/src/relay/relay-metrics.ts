import { Injectable } from '@nestjs/common';
import { Database } from '@inventory/persistence';
import { Metrics } from '@inventory/platform';
import { Counter, Gauge, Histogram } from 'prom-client';
import { readOutboxStats, type OutboxStats } from './outbox-stats';

const STATS_TTL_MS = 1000;

/**
 * The relay's Prometheus metrics. Counters and histograms are this process's work; the backlog
 * gauges are read from the outbox at scrape time, so a standby reports them as well as the leader.
 */
@Injectable()
export class RelayMetrics {
  readonly published: Counter<'topic'>;
  readonly failed: Counter<'topic'>;
  readonly publishErrors: Counter<'kind'>;
  /** From the row's insert to Kafka's acknowledgement: what a consumer waits for. */
  readonly publishLatency: Histogram;
  readonly batchDuration: Histogram;
  readonly leader: Gauge;
  private stats?: { at: number; value: Promise<OutboxStats> };

  constructor(
    metrics: Metrics,
    private readonly database: Database,
  ) {
    const registers = [metrics.registry];
    this.published = metrics.counter('outbox_published_total', 'Outbox rows published to Kafka', ['topic']);
    this.failed = metrics.counter(
      'outbox_failed_total',
      'Outbox rows that exhausted their attempts and went to the dead-letter topic',
      ['topic'],
    );
    this.publishErrors = metrics.counter(
      'outbox_publish_errors_total',
      'Failed sends: kind=message (Kafka refused a message) or transient (Kafka unreachable)',
      ['kind'],
    );
    this.publishLatency = metrics.histogram(
      'outbox_publish_latency_seconds',
      'Time from an outbox row being written to Kafka acknowledging it',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    );
    this.batchDuration = metrics.histogram(
      'outbox_publish_batch_seconds',
      'Time to publish one batch and mark it published',
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    );
    this.leader = new Gauge({
      name: 'outbox_relay_leader',
      help: '1 while this relay holds the leader lock',
      registers,
    });
    const fromStats = (name: string, help: string, pick: (stats: OutboxStats) => number) => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers,
        collect: async () => gauge.set(pick(await this.readStats())),
      });
    };
    fromStats('outbox_backlog', 'Outbox rows waiting to be published', (stats) => stats.backlog);
    fromStats(
      'outbox_oldest_unpublished_age_seconds',
      'Age of the oldest outbox row waiting to be published',
      (stats) => stats.oldestUnpublishedAgeMs / 1000,
    );
    fromStats(
      'outbox_failed_rows',
      'Outbox rows marked failed, waiting for a retry',
      (stats) => stats.failed,
    );
  }

  /** One outbox query per scrape, shared by the gauges. */
  private readStats(): Promise<OutboxStats> {
    const now = Date.now();
    if (!this.stats || now - this.stats.at > STATS_TTL_MS) {
      const value = readOutboxStats(this.database);
      value.catch(() => (this.stats = undefined));
      this.stats = { at: now, value };
    }
    return this.stats.value;
  }
}

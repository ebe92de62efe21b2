import { classifyPublishError, groupByPartition, type ProducerSession } from '@inventory/messaging';
import type { Kafka } from 'kafkajs';
import { LeadershipLost, type LeaderSession } from './leader-session';
import { approximateBytes, toMessage, type OutboxRow } from './outbox-row';
import { chunkForSending, publishIsolating } from './publish-isolating';
import type { PublishRate } from './publish-rate';
import type { PurgePublished } from './purge-published';
import type { RecordRefusal } from './record-refusal';
import type { PipelineStages } from './relay-pipeline';
import type { RelayMetrics } from './relay-metrics';

/**
 * The next rows to publish, in id order, which is commit order within a key: the command locks the
 * aggregate before inserting, so a key's rows commit in id order and a key's visible rows are always a
 * prefix of its history. Rows are chosen by `published_at IS NULL`, never by "id greater than the last
 * one seen": ids are taken before commit, so a lower id can become visible after a higher one.
 *
 * A row is skipped while an earlier row of its key is parked (waiting for a retry, or failed): it is
 * held back, so the key's events never reach Kafka out of order. The parked keys are found once per
 * pass, not probed per row: probed per row, a backlog that appeared faster than the table's statistics
 * (a Kafka outage, a bulk write) made the planner scan every unpublished row for every row it returned,
 * 0.5 s per 500-row pass at 5,000 rows (bench/README.md). Once per pass the cost stays linear.
 * `$2` are the rows an earlier batch read that are still on their way (see RelayPipeline).
 */
const NEXT_BATCH = `
  WITH parked AS MATERIALIZED (
    SELECT topic, key, min(id) AS first_id
      FROM command.outbox
     WHERE published_at IS NULL
       AND (failed_at IS NOT NULL OR next_attempt_at IS NOT NULL)
       AND (failed_at IS NOT NULL OR next_attempt_at > now())
     GROUP BY topic, key)
  SELECT o.id, o.event_id, o.topic, o.key, o.value, o.headers, o.attempts
    FROM command.outbox o
   WHERE o.published_at IS NULL
     AND o.failed_at IS NULL
     AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
     AND NOT EXISTS (SELECT 1 FROM parked p WHERE p.topic = o.topic AND p.key = o.key AND p.first_id < o.id)
     AND o.id <> ALL($2::bigint[])
   ORDER BY o.id
   LIMIT $1`;

/** Marks acknowledged rows; returns how long each waited since it was written (for the histogram). */
const MARK_PUBLISHED = `
  UPDATE command.outbox SET published_at = now()
   WHERE id = ANY($1::bigint[]) AND published_at IS NULL
  RETURNING extract(epoch FROM now() - created_at)::float8 AS waited_seconds`;

/** Kafka's default message.max.bytes is 1 MiB per record batch; stay well under it per request. */
const MAX_SEND_BYTES = 768 * 1024;

/** The stages of a batch on PostgreSQL (the leader session) and Kafka; RelayPipeline overlaps them. */
export class BatchPublisher implements PipelineStages {
  constructor(
    private readonly session: LeaderSession,
    private readonly kafka: Kafka,
    private readonly producer: ProducerSession,
    private readonly refusals: RecordRefusal,
    private readonly metrics: RelayMetrics,
    private readonly rate: PublishRate,
    private readonly purge: PurgePublished,
    private readonly batchSize: number,
  ) {}

  claim(claimed: string[]): Promise<OutboxRow[]> {
    return this.session.query<OutboxRow>(NEXT_BATCH, [this.batchSize, claimed]);
  }

  async send(rows: OutboxRow[], blocked: Set<string>, acked: OutboxRow[]): Promise<void> {
    const stopTimer = this.metrics.batchDuration.startTimer();
    await publishIsolating(
      chunkForSending(rows, MAX_SEND_BYTES, approximateBytes),
      {
        send: (group) => {
          // Leadership lost (the lock session died) stops publishing at once, even mid-batch.
          if (!this.session.isLeader) throw new LeadershipLost();
          return this.producer.send(group.map(toMessage));
        },
        published: (group) => acked.push(...group),
        refused: (row, error) => this.refusals.record(row, error),
        isMessageError: (error) => {
          if (error instanceof LeadershipLost) return false;
          const kind = classifyPublishError(error);
          this.metrics.publishErrors.inc({ kind });
          return kind === 'message';
        },
        byPartition: (group) => groupByPartition(this.kafka, group),
      },
      blocked,
    );
    stopTimer();
  }

  async mark(rows: OutboxRow[]): Promise<void> {
    const marked = await this.session.query<{ waited_seconds: number }>(MARK_PUBLISHED, [
      rows.map((row) => row.id),
    ]);
    for (const { waited_seconds } of marked) this.metrics.publishLatency.observe(waited_seconds);
    const perTopic = new Map<string, number>();
    for (const row of rows) perTopic.set(row.topic, (perTopic.get(row.topic) ?? 0) + 1);
    for (const [topic, count] of perTopic) this.metrics.published.inc({ topic }, count);
    this.rate.record(rows.length);
  }

  async between(): Promise<void> {
    await this.purge.runIfDue();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { DeadLetter } from '@inventory/messaging';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { Metrics } from '@inventory/platform';

/** `read.dead_letters`: what a projection gave up on, for operators to list and replay. */
@Injectable()
export class DeadLetterStore {
  private readonly recorded;

  constructor(
    @Inject(READ_DATABASE) private readonly database: Database,
    metrics: Metrics,
  ) {
    this.recorded = metrics.counter('dead_letters_total', 'Messages sent to a dead-letter topic', [
      'topic',
      'stage',
    ]);
  }

  /** Once per message and consumer, however often a redelivered batch dead-letters it again. */
  async record(letter: DeadLetter): Promise<void> {
    const rows = await this.database.query(
      `INSERT INTO read.dead_letters (consumer, topic, partition, kafka_offset, key, value, error, stage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (consumer, topic, partition, kafka_offset) DO NOTHING
       RETURNING id`,
      [
        letter.consumer,
        letter.topic,
        letter.partition,
        letter.offset,
        letter.key,
        letter.value,
        letter.error,
        letter.stage,
      ],
    );
    if (rows.length > 0) this.recorded.inc({ topic: letter.topic, stage: letter.stage });
  }
}

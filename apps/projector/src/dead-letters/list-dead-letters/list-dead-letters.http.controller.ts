import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { deadLetterTopic, type CursorPage } from '@inventory/contracts';
import { Database, READ_DATABASE } from '@inventory/persistence';
import { AuthGuard } from '@inventory/platform';
import { ListDeadLettersRequest } from './list-dead-letters.request.dto';

export interface DeadLetterView {
  id: string;
  consumer: string;
  topic: string;
  deadLetterTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  error: string;
  stage: string;
  createdAt: string;
  replayedAt: string | null;
  replayCount: number;
}

interface Row {
  id: string;
  consumer: string;
  topic: string;
  partition: number;
  kafka_offset: string;
  key: Buffer | null;
  value: Buffer | null;
  error: string;
  stage: string;
  created_at: Date;
  replayed_at: Date | null;
  replay_count: number;
}

/** Messages a projection gave up on, oldest first; operators read them before replaying. */
@Controller('v1/dlt')
@UseGuards(AuthGuard)
export class ListDeadLettersHttpController {
  constructor(@Inject(READ_DATABASE) private readonly database: Database) {}

  @Get()
  async list(@Query() request: ListDeadLettersRequest): Promise<CursorPage<DeadLetterView, 'next'>> {
    const limit = request.limit ?? 100;
    const rows = await this.database.query<Row>(
      `SELECT * FROM read.dead_letters
        WHERE ($1::text IS NULL OR topic = $1) AND id > $2
        ORDER BY id LIMIT $3`,
      [request.topic ?? null, request.after ?? 0, limit],
    );
    return {
      items: rows.map(toView),
      next: rows.length === limit ? rows.at(-1)!.id : null,
    };
  }
}

export function toView(row: Row): DeadLetterView {
  return {
    id: row.id,
    consumer: row.consumer,
    topic: row.topic,
    deadLetterTopic: deadLetterTopic(row.topic),
    partition: row.partition,
    offset: row.kafka_offset,
    // As text; bytes that are not UTF-8 show as U+FFFD (a replay sends the exact bytes).
    key: row.key?.toString('utf8') ?? null,
    value: row.value?.toString('utf8') ?? null,
    error: row.error,
    stage: row.stage,
    createdAt: row.created_at.toISOString(),
    replayedAt: row.replayed_at?.toISOString() ?? null,
    replayCount: row.replay_count,
  };
}

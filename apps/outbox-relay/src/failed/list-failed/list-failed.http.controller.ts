import { Controller, Get, Query } from '@nestjs/common';
import { deadLetterTopic, type CursorPage } from '@inventory/contracts';
import { Database } from '@inventory/persistence';
import { ListFailedRequest } from './list-failed.request.dto';

export interface FailedRow {
  id: string;
  eventId: string;
  topic: string;
  key: string;
  deadLetterTopic: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string;
  valueBytes: number;
  /** Later rows of the same key, held back until this one is retried and published. */
  heldRows: number;
}

/**
 * Failed rows in id order, each with how many later rows of its key it holds back. One pass over the
 * backlog (hash join on the key) rather than a count per failed row.
 */
const LIST_FAILED = `
  WITH failed AS (
    SELECT id, event_id, topic, key, attempts, last_error, created_at, failed_at, octet_length(value) AS value_bytes
      FROM command.outbox
     WHERE failed_at IS NOT NULL AND published_at IS NULL AND id > $2
     ORDER BY id
     LIMIT $1)
  SELECT f.id, f.event_id, f.topic, f.key, f.attempts, f.last_error, f.created_at, f.failed_at, f.value_bytes,
         count(h.id)::int AS held_rows
    FROM failed f
    LEFT JOIN command.outbox h
      ON h.topic = f.topic AND h.key = f.key AND h.id > f.id
     AND h.published_at IS NULL AND h.failed_at IS NULL
   GROUP BY f.id, f.event_id, f.topic, f.key, f.attempts, f.last_error, f.created_at, f.failed_at, f.value_bytes
   ORDER BY f.id`;

interface Row {
  id: string;
  event_id: string;
  topic: string;
  key: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  failed_at: Date;
  value_bytes: number;
  held_rows: number;
}

@Controller('v1/outbox')
export class ListFailedHttpController {
  constructor(private readonly database: Database) {}

  @Get('failed')
  async list(@Query() request: ListFailedRequest): Promise<CursorPage<FailedRow, 'next'>> {
    const limit = request.limit ?? 100;
    const rows = await this.database.query<Row>(LIST_FAILED, [limit, request.after ?? 0]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        eventId: row.event_id,
        topic: row.topic,
        key: row.key,
        deadLetterTopic: deadLetterTopic(row.topic),
        attempts: row.attempts,
        lastError: row.last_error,
        createdAt: row.created_at.toISOString(),
        failedAt: row.failed_at.toISOString(),
        valueBytes: row.value_bytes,
        heldRows: row.held_rows,
      })),
      next: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  }
}

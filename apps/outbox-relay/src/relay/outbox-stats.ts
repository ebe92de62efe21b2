import { Database } from '@inventory/persistence';

export interface OutboxStats {
  /** Rows waiting to be published, including rows held behind a failed row of their key. */
  backlog: number;
  /** Rows that exhausted their attempts: dead-lettered, waiting for an operator's retry. */
  failed: number;
  oldestUnpublishedAgeMs: number;
}

const STATS = `
  SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS backlog,
         count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
         coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL)) * 1000, 0)::float8
           AS oldest_age_ms
    FROM command.outbox
   WHERE published_at IS NULL`;

/** Rows that wait only because an earlier row of their key failed. */
const HELD = `
  SELECT count(*)::int AS held
    FROM command.outbox o
   WHERE o.published_at IS NULL AND o.failed_at IS NULL
     AND EXISTS (SELECT 1 FROM command.outbox f
                  WHERE f.topic = o.topic AND f.key = o.key AND f.id < o.id
                    AND f.published_at IS NULL AND f.failed_at IS NOT NULL)`;

/** Reads the outbox's shape for status and metrics; any relay (leader or standby) can answer. */
export async function readOutboxStats(database: Database): Promise<OutboxStats> {
  const [row] = await database.query<{ backlog: number; failed: number; oldest_age_ms: number }>(STATS);
  return {
    backlog: row!.backlog,
    failed: row!.failed,
    oldestUnpublishedAgeMs: Math.round(row!.oldest_age_ms),
  };
}

export async function countHeldRows(database: Database): Promise<number> {
  const [row] = await database.query<{ held: number }>(HELD);
  return row!.held;
}

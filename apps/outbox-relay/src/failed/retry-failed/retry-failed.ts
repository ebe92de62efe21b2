import { Database, OUTBOX_CHANNEL } from '@inventory/persistence';
import { ProblemError } from '@inventory/platform';

/**
 * Puts a failed row back in line with a fresh set of attempts, and wakes the leader (whichever relay
 * that is: the notification goes through PostgreSQL). The rows of its key that were held behind it
 * follow it out, in order.
 */
const REQUEUE = `
  WITH target AS (SELECT id, failed_at, published_at FROM command.outbox WHERE id = $1),
       requeued AS (
         UPDATE command.outbox o SET failed_at = NULL, next_attempt_at = NULL, attempts = 0
           FROM target t
          WHERE o.id = t.id AND t.failed_at IS NOT NULL AND t.published_at IS NULL
         RETURNING o.id)
  SELECT t.id, t.published_at IS NOT NULL AS published, (SELECT count(*) FROM requeued)::int AS requeued
    FROM target t`;

export interface RetryOutcome {
  id: string;
  status: 'requeued';
}

export async function retryFailed(database: Database, id: string): Promise<RetryOutcome> {
  const [row] = await database.query<{ id: string; published: boolean; requeued: number }>(REQUEUE, [id]);
  if (!row) throw new ProblemError(404, 'OUTBOX.NOT_FOUND', `no outbox row ${id}`);
  if (row.requeued === 0) {
    throw new ProblemError(
      409,
      'OUTBOX.NOT_FAILED',
      row.published
        ? `outbox row ${id} is already published`
        : `outbox row ${id} is not failed: it is still being published`,
    );
  }
  await database.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return { id: row.id, status: 'requeued' };
}

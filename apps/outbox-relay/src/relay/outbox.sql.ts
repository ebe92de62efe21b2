/**
 * Unpublished rows in id order. Never "id > last seen": ids are taken before commit, so a lower id can
 * become visible after a higher one. Rows of one key are committed in id order (the command locks the
 * aggregate before it inserts), so id order is per-key commit order.
 */
export const NEXT_BATCH = `
  SELECT id, topic, key, value, headers
    FROM command.outbox
   WHERE published_at IS NULL AND failed_at IS NULL
   ORDER BY id
   LIMIT $1`;

export const MARK_PUBLISHED = `UPDATE command.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`;

export const BACKLOG = `
  SELECT count(*)::int AS backlog,
         coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)::float8 AS oldest_age_ms
    FROM command.outbox
   WHERE published_at IS NULL AND failed_at IS NULL`;

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Records how far a projection got in a partition, in the same transaction as what it applied. */
export const SAVE_CHECKPOINT = `
  INSERT INTO read.projection_checkpoints AS c (projection, topic, partition, next_offset, last_event_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, now())
  ON CONFLICT (projection, topic, partition) DO UPDATE
    SET next_offset = GREATEST(c.next_offset, EXCLUDED.next_offset),
        last_event_at = COALESCE(EXCLUDED.last_event_at, c.last_event_at),
        updated_at = now()`;

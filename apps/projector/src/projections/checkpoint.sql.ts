/** Where a projection stands in a partition; the row is locked so the batch and its checkpoint agree. */
export const lockCheckpoint = (schema: string) => `
  SELECT next_offset FROM ${schema}.projection_checkpoints
   WHERE projection = $1 AND topic = $2 AND partition = $3
     FOR UPDATE`;

/** Records how far a projection got in a partition, in the same transaction as what it applied. */
export const saveCheckpoint = (schema: string) => `
  INSERT INTO ${schema}.projection_checkpoints AS c (projection, topic, partition, next_offset, last_event_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, now())
  ON CONFLICT (projection, topic, partition) DO UPDATE
    SET next_offset = GREATEST(c.next_offset, EXCLUDED.next_offset),
        last_event_at = COALESCE(EXCLUDED.last_event_at, c.last_event_at),
        updated_at = now()`;

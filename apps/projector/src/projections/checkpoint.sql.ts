/**
 * Where a projection stands in the partitions of a batch ($2 topics, $3 partitions, side by side); the
 * rows are locked, in (topic, partition) order, so the batch and its checkpoints agree.
 */
export const lockCheckpoints = (schema: string) => `
  SELECT c.topic, c.partition, c.next_offset
    FROM ${schema}.projection_checkpoints c
    JOIN unnest($2::text[], $3::int[]) AS w (topic, partition) USING (topic, partition)
   WHERE c.projection = $1
   ORDER BY c.topic, c.partition
     FOR UPDATE OF c`;

/** Records how far a projection got in each partition, in the same transaction as what it applied. */
export const saveCheckpoints = (schema: string) => `
  INSERT INTO ${schema}.projection_checkpoints AS c (projection, topic, partition, next_offset, last_event_at, updated_at)
  SELECT $1, t.topic, t.partition, t.next_offset, t.last_event_at, now()
    FROM unnest($2::text[], $3::int[], $4::bigint[], $5::timestamptz[]) AS t (topic, partition, next_offset, last_event_at)
  ON CONFLICT (projection, topic, partition) DO UPDATE
    SET next_offset = GREATEST(c.next_offset, EXCLUDED.next_offset),
        last_event_at = COALESCE(EXCLUDED.last_event_at, c.last_event_at),
        updated_at = now()`;

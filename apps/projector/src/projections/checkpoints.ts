import type { Database } from '@inventory/persistence';

/** How far a projection got in one partition: the offset of the next event it will apply. */
export interface Checkpoint {
  projection: string;
  topic: string;
  partition: number;
  nextOffset: bigint;
}

export async function readCheckpoints(
  database: Database,
  schema: string,
  projections: readonly string[],
): Promise<Checkpoint[]> {
  const rows = await database.query<{
    projection: string;
    topic: string;
    partition: number;
    next_offset: string;
  }>(
    `SELECT projection, topic, partition, next_offset FROM ${schema}.projection_checkpoints
      WHERE projection = ANY($1) ORDER BY projection, topic, partition`,
    [projections],
  );
  return rows.map((row) => ({
    projection: row.projection,
    topic: row.topic,
    partition: row.partition,
    nextOffset: BigInt(row.next_offset),
  }));
}

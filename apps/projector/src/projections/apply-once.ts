import type { BatchContext, ConsumedEvent } from '@inventory/messaging';
import type { Database } from '@inventory/persistence';
import { lockCheckpoint, saveCheckpoint } from './checkpoint.sql';
import type { Projection } from './projection';

export interface Applied {
  /** Events written by this call: redelivered ones (below the checkpoint) are skipped. */
  applied: number;
  skipped: number;
}

/**
 * Applies a batch exactly once: in one transaction it locks the partition's checkpoint, keeps only
 * the events at or after it, writes them and moves the checkpoint past the batch. A batch redelivered
 * after a crash (Kafka's committed offset trails the checkpoint) therefore changes nothing. Two round
 * trips: BEGIN with the checkpoint's lock, then every write, the checkpoint's move and COMMIT.
 */
export async function applyOnce(
  database: Database,
  projection: Projection,
  events: ConsumedEvent[],
  context: BatchContext,
  schema: string,
): Promise<Applied> {
  const { afterCommit, fresh } = await database.pipelined(async (tx) => {
    const key = [projection.name, context.topic, context.partition];
    const { rows } = await tx.query<{ next_offset: string }>(lockCheckpoint(schema), key);
    const from = rows[0] ? BigInt(rows[0].next_offset) : 0n;
    const fresh = events.filter((event) => BigInt(event.offset) >= from);
    const afterCommit = fresh.length > 0 ? projection.write(tx, fresh, schema) : undefined;
    const lastEventAt = fresh.at(-1)?.envelope.occurredAt ?? null;
    tx.defer(saveCheckpoint(schema), [...key, context.nextOffset, lastEventAt]);
    return { afterCommit, fresh };
  });
  if (afterCommit) await afterCommit();
  return { applied: fresh.length, skipped: events.length - fresh.length };
}

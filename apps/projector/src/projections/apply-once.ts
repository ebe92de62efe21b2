import type { BatchContext, ConsumedEvent } from '@inventory/messaging';
import type { Database } from '@inventory/persistence';
import { lockCheckpoints, saveCheckpoints } from './checkpoint.sql';
import type { Projection } from './projection';

export interface Applied {
  /** Events written by this call: redelivered ones (below the checkpoint) are skipped. */
  applied: number;
  skipped: number;
}

/** One partition's batch, as the consumer hands it over. */
export interface PartitionBatch {
  events: ConsumedEvent[];
  context: BatchContext;
}

const partitionOf = ({ context }: PartitionBatch) => `${context.topic}\n${context.partition}`;

/**
 * Applies batches of distinct partitions exactly once, in one transaction: it locks their checkpoints,
 * keeps only the events at or after them, writes those and moves every checkpoint past its batch. A
 * batch redelivered after a crash (Kafka's committed offset trails the checkpoint) therefore changes
 * nothing. Two round trips: BEGIN with the checkpoints' lock, then every write, the checkpoints' move
 * and COMMIT. Keys never span partitions, so the batches' events, one after the other, keep every
 * key's order.
 */
export async function applyOnce(
  database: Database,
  projection: Projection,
  batches: PartitionBatch[],
  schema: string,
): Promise<Applied[]> {
  const { afterCommit, fresh } = await database.pipelined(async (tx) => {
    const topics = batches.map(({ context }) => context.topic);
    const partitions = batches.map(({ context }) => context.partition);
    const { rows } = await tx.query<{ topic: string; partition: number; next_offset: string }>(
      lockCheckpoints(schema),
      [projection.name, topics, partitions],
    );
    const from = new Map(rows.map((row) => [`${row.topic}\n${row.partition}`, BigInt(row.next_offset)]));
    const fresh = batches.map((batch) => {
      const start = from.get(partitionOf(batch)) ?? 0n;
      return batch.events.filter((event) => BigInt(event.offset) >= start);
    });
    const events = fresh.flat();
    const afterCommit = events.length > 0 ? projection.write(tx, events, schema) : undefined;
    tx.defer(saveCheckpoints(schema), [
      projection.name,
      topics,
      partitions,
      batches.map(({ context }) => context.nextOffset),
      fresh.map((applied) => applied.at(-1)?.envelope.occurredAt ?? null),
    ]);
    return { afterCommit, fresh };
  });
  if (afterCommit) await afterCommit();
  return batches.map(({ events }, i) => ({
    applied: fresh[i]!.length,
    skipped: events.length - fresh[i]!.length,
  }));
}

interface Waiting {
  batch: PartitionBatch;
  resolve(applied: Applied): void;
  reject(error: unknown): void;
}

/**
 * The partitions of one fetch reach a projection together (the consumer hands them over concurrently):
 * those handed over in the same turn of the event loop, or while the previous transaction was in
 * flight, are applied in one transaction, not one each. There is no timer. Transactions run one at a
 * time, so a partition's batches apply in order. A combined transaction that fails is retried one
 * batch at a time, so each partition's retries and dead letters stay its own.
 */
export class PartitionBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly apply: (batches: PartitionBatch[]) => Promise<Applied[]>) {}

  submit(batch: PartitionBatch): Promise<Applied> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.running = this.running.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const taken = new Set<string>();
    const now: Waiting[] = [];
    const later: Waiting[] = [];
    // One batch per partition per transaction; a second one (never sent by kafkajs) waits its turn.
    for (const waiting of this.waiting) {
      const key = partitionOf(waiting.batch);
      (taken.has(key) ? later : now).push(waiting);
      taken.add(key);
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    if (now.length > 1) {
      try {
        const applied = await this.apply(now.map(({ batch }) => batch));
        now.forEach((waiting, i) => waiting.resolve(applied[i]!));
        return;
      } catch {
        // each batch again on its own, below
      }
    }
    for (const waiting of now)
      await this.apply([waiting.batch]).then(
        ([applied]) => waiting.resolve(applied!),
        (error: unknown) => waiting.reject(error),
      );
  }
}

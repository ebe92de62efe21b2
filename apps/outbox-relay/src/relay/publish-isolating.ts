import { orderingKey, type OutboxRow } from './outbox-row';

export interface IsolatingPublisher {
  send(rows: OutboxRow[]): Promise<void>;
  /** Called after every acknowledged send, before the next one starts. */
  published(rows: OutboxRow[]): void;
  /** A row Kafka refused on its own; its key is held for the rest of the pass. */
  refused(row: OutboxRow, error: unknown): Promise<void>;
  /** True when the error is about the messages; false when Kafka is unreachable (the pass aborts). */
  isMessageError(error: unknown): boolean;
  /** The rows split into one group per partition, each group in the order given. */
  byPartition(rows: OutboxRow[]): Promise<OutboxRow[][]>;
}

export interface PassOutcome {
  published: number;
  refused: number;
  held: number;
}

/**
 * Publishes rows (already in id order) chunk by chunk and isolates the rows Kafka refuses.
 *
 * A refused request is not all-or-nothing: Kafka appends or refuses each partition's part of it as a
 * whole, so the partitions without a bad row were written. The chunk is therefore split by partition
 * first (those partitions are re-sent once: a duplicate, never a loss), and a one-partition group that
 * is refused is halved until the bad row is alone; one-partition sends never half-succeed, so halving
 * adds no duplicates and one bad row costs O(log n) extra sends.
 *
 * Once a row of a key is refused, later rows of that key are held back for the rest of the pass:
 * publishing them would put the key's events out of order. `blocked` starts with the keys an earlier
 * pass refused after this one was read, and ends with every key this pass refused or held. A transient
 * error (Kafka unreachable) aborts the pass; whatever was not acknowledged stays unpublished.
 */
export async function publishIsolating(
  chunks: OutboxRow[][],
  publisher: IsolatingPublisher,
  blocked = new Set<string>(),
): Promise<PassOutcome> {
  const outcome: PassOutcome = { published: 0, refused: 0, held: 0 };

  const attempt = async (rows: OutboxRow[], onePartition: boolean): Promise<void> => {
    const sendable = rows.filter((row) => !blocked.has(orderingKey(row)));
    outcome.held += rows.length - sendable.length;
    if (sendable.length === 0) return;
    try {
      await publisher.send(sendable);
    } catch (error) {
      if (!publisher.isMessageError(error)) throw error;
      if (sendable.length === 1) {
        blocked.add(orderingKey(sendable[0]!));
        outcome.refused++;
        await publisher.refused(sendable[0]!, error);
        return;
      }
      const groups = onePartition ? [sendable] : await publisher.byPartition(sendable);
      if (groups.length > 1) {
        for (const group of groups) await attempt(group, true);
        return;
      }
      const middle = Math.ceil(sendable.length / 2);
      await attempt(sendable.slice(0, middle), true);
      await attempt(sendable.slice(middle), true);
      return;
    }
    outcome.published += sendable.length;
    publisher.published(sendable);
  };

  for (const chunk of chunks) await attempt(chunk, false);
  return outcome;
}

/**
 * Splits rows (keeping their order) into the sends of one pass: no send over `maxBytes` (unless a
 * single row is), and every row that failed before goes alone, so retrying a suspect row never drags a
 * whole batch (and its duplicates) down with it.
 */
export function chunkForSending(
  rows: OutboxRow[],
  maxBytes: number,
  sizeOf: (row: OutboxRow) => number,
): OutboxRow[][] {
  const chunks: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = [];
    bytes = 0;
  };
  for (const row of rows) {
    if (row.attempts > 0) {
      flush();
      chunks.push([row]);
      continue;
    }
    const size = sizeOf(row);
    if (bytes + size > maxBytes) flush();
    current.push(row);
    bytes += size;
  }
  flush();
  return chunks;
}

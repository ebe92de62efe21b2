import { orderingKey, type OutboxRow } from './outbox-row';

export interface IsolatingPublisher {
  send(rows: OutboxRow[]): Promise<void>;
  /** Called after every acknowledged send, before the next one starts. */
  published(rows: OutboxRow[]): Promise<void>;
  /** A row Kafka refused on its own; its key is held for the rest of the pass. */
  refused(row: OutboxRow, error: unknown): Promise<void>;
  /** True when the error is about the messages; false when Kafka is unreachable (the pass aborts). */
  isMessageError(error: unknown): boolean;
}

export interface PassOutcome {
  published: number;
  refused: number;
  held: number;
}

/**
 * Publishes rows (already in id order) in chunks. When a send is refused because of its messages, the
 * chunk is halved until the refused row(s) are alone, so one bad row costs O(log n) extra sends and the
 * rest of the batch still goes out. Once a row of a key is refused, later rows of that key are held
 * back for this pass: publishing them would put the key's events out of order.
 * A transient error (Kafka unreachable) aborts the pass; whatever was not acknowledged stays unpublished.
 */
export async function publishIsolating(
  chunks: OutboxRow[][],
  publisher: IsolatingPublisher,
): Promise<PassOutcome> {
  const blocked = new Set<string>();
  const outcome: PassOutcome = { published: 0, refused: 0, held: 0 };

  const attempt = async (rows: OutboxRow[]): Promise<void> => {
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
      const middle = Math.ceil(sendable.length / 2);
      await attempt(sendable.slice(0, middle));
      await attempt(sendable.slice(middle));
      return;
    }
    outcome.published += sendable.length;
    await publisher.published(sendable);
  };

  for (const chunk of chunks) await attempt(chunk);
  return outcome;
}

/** Splits rows (keeping their order) so no chunk is over `maxBytes`, unless a single row is. */
export function chunkByBytes(
  rows: OutboxRow[],
  maxBytes: number,
  sizeOf: (row: OutboxRow) => number,
): OutboxRow[][] {
  const chunks: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = sizeOf(row);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

import { randomUUID } from 'node:crypto';
import type { RelayTestbed } from '@inventory/testing';

/**
 * Writes numbered events per key, like a command does: a key's events are committed one after the
 * other (each writer owns its keys), while writers commit concurrently, so ids reach the table out of
 * order across keys. Remembers what it wrote, for checking what reached Kafka.
 */
export class KeyedWriter {
  /** key → event ids in the order they were committed. */
  readonly written = new Map<string, string[]>();

  constructor(private readonly bed: RelayTestbed) {}

  /** Commits the next event of each key, all in one transaction. */
  async writeNext(keys: string[]): Promise<void> {
    const rows = keys.map((key) => {
      const seq = (this.written.get(key)?.length ?? 0) + 1;
      return { key, eventId: randomUUID(), value: JSON.stringify({ key, seq }) };
    });
    await this.bed.insert(rows);
    for (const row of rows) this.written.set(row.key, [...(this.written.get(row.key) ?? []), row.eventId]);
  }

  get total(): number {
    let total = 0;
    for (const ids of this.written.values()) total += ids.length;
    return total;
  }
}

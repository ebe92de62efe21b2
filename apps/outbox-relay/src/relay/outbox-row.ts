import type { OutgoingMessage } from '@inventory/messaging';

/** An unpublished outbox row as the relay reads it. `id` is a bigint, kept as text. */
export interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  attempts: number;
}

/** Rows of one (topic, key) must reach Kafka in id order: this is what "the same key" means. */
export function orderingKey(row: Pick<OutboxRow, 'topic' | 'key'>): string {
  return `${row.topic}\u0000${row.key}`;
}

export function toMessage(row: OutboxRow): OutgoingMessage {
  return { topic: row.topic, key: row.key, value: row.value, headers: row.headers };
}

/** A close-enough size of a row on the wire, to keep each request well under the broker's limits. */
export function approximateBytes(row: OutboxRow): number {
  let headers = 0;
  for (const [name, value] of Object.entries(row.headers)) headers += name.length + String(value).length + 8;
  return Buffer.byteLength(row.value) + Buffer.byteLength(row.key) + headers + 64;
}

import type { ConsumedRecord } from '@inventory/testing';

export interface DeliveryReport {
  /** Events on the topic under the written keys that nobody wrote (should be none). */
  unknown: number;
  /** Written events that never reached the topic (should be none). */
  missing: number;
  /** Keys whose events, deduplicated by event id, are not in commit order (should be none). */
  outOfOrder: string[];
  /** Extra copies on the topic: at-least-once delivery, removed by consumer-side dedup. */
  duplicates: number;
  /** Events counted once each after dedup by event id. */
  delivered: number;
}

/**
 * Checks a topic against what was written, as a consumer that dedups by event id (the CloudEvents id
 * header) would see it: every event present, each key's events in commit order.
 */
export function checkDelivery(records: ConsumedRecord[], written: Map<string, string[]>): DeliveryReport {
  const keyOf = new Map<string, string>();
  for (const [key, ids] of written) for (const id of ids) keyOf.set(id, key);
  const seen = new Set<string>();
  const firstByKey = new Map<string, string[]>();
  let unknown = 0;
  let duplicates = 0;
  for (const record of records) {
    // Other tests share the topic with their own keys.
    if (!written.has(record.key)) continue;
    const eventId = record.headers.ce_id ?? '';
    if (keyOf.get(eventId) !== record.key) {
      unknown++;
      continue;
    }
    if (seen.has(eventId)) {
      duplicates++;
      continue;
    }
    seen.add(eventId);
    firstByKey.set(record.key, [...(firstByKey.get(record.key) ?? []), eventId]);
  }
  const outOfOrder: string[] = [];
  let missing = 0;
  for (const [key, ids] of written) {
    const delivered = firstByKey.get(key) ?? [];
    missing += ids.filter((id) => !seen.has(id)).length;
    const expectedOrder = ids.filter((id) => seen.has(id));
    if (delivered.join() !== expectedOrder.join()) outOfOrder.push(key);
  }
  return { unknown, missing, outOfOrder, duplicates, delivered: seen.size };
}

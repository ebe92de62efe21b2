import type { Database } from '@inventory/persistence';
import { refreshProductTotals } from '../availability/availability.sql';
import type { Discrepancy } from './read-model-check';

/** Item-level kinds the projector can mend by re-projecting the item from the event store. */
const ITEM_KINDS = new Set(['availability', 'availability-missing', 'cache', 'product-totals']);

/**
 * Re-projects each item named by a discrepancy from its events in the event store (the newest event
 * carries the item's levels): its availability row, its product's totals and its missing timeline rows.
 * Returns the SKUs touched, whose Redis hashes the caller then rewrites from PostgreSQL.
 */
export async function repairReadModel(database: Database, discrepancies: Discrepancy[]): Promise<string[]> {
  const items = new Set<string>();
  const skus = new Set<string>();
  for (const { kind, id } of discrepancies) {
    if (kind === 'product-totals') skus.add(id);
    else if (ITEM_KINDS.has(kind)) items.add(id);
  }
  const missingEvents = discrepancies.filter((d) => d.kind === 'timeline-missing').map((d) => d.id);
  const extraEvents = discrepancies.filter((d) => d.kind === 'timeline-extra').map((d) => d.id);
  if (items.size + skus.size + missingEvents.length + extraEvents.length === 0) return [];
  return database.transaction(async (tx) => {
    const { rows } = await tx.query<{ sku: string }>(REPROJECT_ITEMS, [[...items]]);
    for (const row of rows) skus.add(row.sku);
    for (const item of items) skus.add(item.slice(item.indexOf(':') + 1));
    if (skus.size > 0) await tx.query(refreshProductTotals('read'), [[...skus]]);
    if (missingEvents.length > 0) await tx.query(RESTORE_TIMELINE, [missingEvents]);
    if (extraEvents.length > 0) {
      await tx.query(`DELETE FROM read.event_timeline WHERE event_id = ANY($1::uuid[])`, [extraEvents]);
    }
    return [...skus];
  });
}

/** The newest stock-item event of each item, written over its row (never moving it backwards). */
const REPROJECT_ITEMS = `
  WITH latest AS (
    SELECT DISTINCT ON (stream_id) payload, occurred_at
      FROM command.events
     WHERE stream_type = 'stock-item' AND stream_id = ANY($1::text[])
     ORDER BY stream_id, stream_version DESC)
  INSERT INTO read.availability_view AS v
    (sku, store_id, on_hand, reserved, available, version, last_event_at, updated_at, change_seq)
  SELECT payload->>'sku', payload->>'storeId', (payload->>'onHand')::int, (payload->>'reserved')::int,
         (payload->>'available')::int, (payload->>'version')::int, occurred_at, now(),
         nextval('read.availability_change_seq')
    FROM latest
  ON CONFLICT (sku, store_id) DO UPDATE
    SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, available = EXCLUDED.available,
        version = EXCLUDED.version, last_event_at = EXCLUDED.last_event_at, updated_at = now(),
        change_seq = EXCLUDED.change_seq
    WHERE v.version <= EXCLUDED.version
  RETURNING sku`;

/** Timeline rows restored from the event store carry partition -1: they did not come from Kafka. */
const RESTORE_TIMELINE = `
  INSERT INTO read.event_timeline
    (event_id, event_type, store_id, sku, version, occurred_at, payload, metadata, topic, partition, kafka_offset)
  SELECT event_id, event_type, payload->>'storeId', payload->>'sku', (payload->>'version')::int, occurred_at,
         payload, metadata, 'stock.events', -1, -1
    FROM command.events WHERE event_id = ANY($1::uuid[])
  ON CONFLICT (event_id) DO NOTHING`;

import { TOPICS } from '@inventory/contracts';
import type { AvailabilityRow } from '../availability/availability.fold';
import {
  availabilityColumns,
  insertTimeline,
  refreshProductTotals,
  upsertAvailability,
} from '../availability/availability.sql';
import type { Discrepancy, VerifyDatabases } from './read-model-check';

/** Item-level kinds the projector can mend by re-projecting the item from the event store. */
const ITEM_KINDS = new Set(['availability', 'availability-missing', 'cache', 'product-totals']);

/** Items or events per round trip to the event store: bounds what one chunk holds in memory. */
const REPAIR_CHUNK = 1000;

/**
 * Re-projects each item named by a discrepancy from its events in the event store (the newest event
 * carries the item's levels): its availability row, its product's totals and its missing timeline rows.
 * The events are read through the command connection and written, with the projector's own SQL, in one
 * transaction on the read connection. Returns the SKUs touched, whose Redis hashes the caller then
 * rewrites from PostgreSQL.
 */
export async function repairReadModel(
  databases: VerifyDatabases,
  discrepancies: Discrepancy[],
): Promise<string[]> {
  const items = new Set<string>();
  const skus = new Set<string>();
  for (const { kind, id } of discrepancies) {
    if (kind === 'product-totals') skus.add(id);
    else if (ITEM_KINDS.has(kind)) items.add(id);
  }
  const missingEvents = discrepancies.filter((d) => d.kind === 'timeline-missing').map((d) => d.id);
  const extraEvents = discrepancies.filter((d) => d.kind === 'timeline-extra').map((d) => d.id);
  if (items.size + skus.size + missingEvents.length + extraEvents.length === 0) return [];
  return databases.read.transaction(async (tx) => {
    // Chunks in the order the projector's batches lock rows (SKU, then store): no lock cycle with them.
    const ordered = [...items].sort((a, b) => compare(skuOf(a), skuOf(b)) || compare(a, b));
    for (const chunk of chunks(ordered)) {
      const latest = await databases.command.query<AvailabilityRow>(LATEST_LEVELS, [chunk]);
      if (latest.length === 0) continue;
      await tx.query(upsertAvailability('read', 'repair'), availabilityColumns(latest));
      for (const row of latest) skus.add(row.sku);
    }
    for (const item of items) skus.add(skuOf(item));
    if (skus.size > 0) await tx.query(refreshProductTotals('read'), [[...skus]]);
    for (const chunk of chunks(missingEvents)) {
      const events = await databases.command.query<StoredEvent>(STORED_EVENTS, [chunk]);
      if (events.length > 0) await tx.query(insertTimeline('read'), timelineColumns(events));
    }
    if (extraEvents.length > 0) {
      await tx.query(`DELETE FROM read.event_timeline WHERE event_id = ANY($1::uuid[])`, [extraEvents]);
    }
    return [...skus];
  });
}

const skuOf = (item: string) => item.slice(item.indexOf(':') + 1);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function chunks<T>(values: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += REPAIR_CHUNK) result.push(values.slice(i, i + REPAIR_CHUNK));
  return result;
}

/** The newest stock-item event of each item: the levels it carries, as the projector's rows. */
const LATEST_LEVELS = `
  SELECT DISTINCT ON (stream_id) payload->>'sku' AS sku, payload->>'storeId' AS "storeId",
         (payload->>'onHand')::int AS "onHand", (payload->>'reserved')::int AS reserved,
         (payload->>'available')::int AS available, (payload->>'version')::int AS version,
         occurred_at::text AS "lastEventAt"
    FROM command.events
   WHERE stream_type = 'stock-item' AND stream_id = ANY($1::text[])
   ORDER BY stream_id, stream_version DESC`;

interface StoredEvent {
  event_id: string;
  event_type: string;
  store_id: string | null;
  sku: string | null;
  version: number | null;
  occurred_at: string;
  payload: string;
  metadata: string;
}

const STORED_EVENTS = `
  SELECT event_id, event_type, payload->>'storeId' AS store_id, payload->>'sku' AS sku,
         (payload->>'version')::int AS version, occurred_at::text AS occurred_at,
         payload::text AS payload, metadata::text AS metadata
    FROM command.events WHERE event_id = ANY($1::uuid[])`;

/** Timeline rows restored from the event store carry partition -1: they did not come from Kafka. */
function timelineColumns(events: StoredEvent[]): unknown[] {
  return [
    events.map((e) => e.event_id),
    events.map((e) => e.event_type),
    events.map((e) => e.store_id),
    events.map((e) => e.sku),
    events.map((e) => e.version),
    events.map((e) => e.occurred_at),
    events.map((e) => e.payload),
    events.map((e) => e.metadata),
    events.map(() => TOPICS.stock),
    events.map(() => -1),
    events.map(() => -1),
  ];
}

import { DEFAULT_LOW_STOCK_THRESHOLD, STOCK_BANDS, type StockBand } from '@inventory/domain';
import type { AvailabilityRow } from './availability.fold';

/**
 * Newer version wins: a redelivered or reordered event can never move a row backwards. Every change
 * takes the next value of one global sequence, the cursor of the incremental-sync feed. Rows are
 * locked in key order, so concurrent batches cannot deadlock.
 *
 * `repair` (the read-model repair, re-projecting from the event store) also overwrites a row at the
 * same version: a row damaged behind the projector's back keeps its version, and must still be mended.
 */
export const upsertAvailability = (schema: string, mode: 'project' | 'repair' = 'project') => `
  INSERT INTO ${schema}.availability_view AS v
    (sku, store_id, on_hand, reserved, available, version, last_event_at, updated_at, change_seq)
  SELECT sku, store_id, on_hand, reserved, available, version, last_event_at, now(),
         nextval('read.availability_change_seq')
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::timestamptz[])
      AS t (sku, store_id, on_hand, reserved, available, version, last_event_at)
   ORDER BY sku, store_id
  ON CONFLICT (sku, store_id) DO UPDATE
    SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved, available = EXCLUDED.available,
        version = EXCLUDED.version, last_event_at = EXCLUDED.last_event_at, updated_at = now(),
        change_seq = EXCLUDED.change_seq
    WHERE v.version ${mode === 'repair' ? '<=' : '<'} EXCLUDED.version`;

/** `upsertAvailability`'s parameters, in its column order. */
export function availabilityColumns(rows: AvailabilityRow[]): unknown[] {
  return [
    rows.map((r) => r.sku),
    rows.map((r) => r.storeId),
    rows.map((r) => r.onHand),
    rows.map((r) => r.reserved),
    rows.map((r) => r.available),
    rows.map((r) => r.version),
    rows.map((r) => r.lastEventAt),
  ];
}

/** The API's names for the domain's stock bands. */
const STATUS_OF: Record<StockBand, string> = { out: 'out_of_stock', low: 'low_stock', ok: 'in_stock' };

/** A product's stock band in SQL, built from the domain's one rule (`STOCK_BANDS`). */
export const stockStatus = (available: string, threshold: string) => {
  const bounds = STOCK_BANDS.map(
    ({ band, atOrBelow }) =>
      `WHEN ${available} <= ${atOrBelow === 'zero' ? '0' : threshold} THEN '${STATUS_OF[band]}'`,
  );
  return `CASE ${bounds.join(' ')} ELSE '${STATUS_OF.ok}' END`;
};

/**
 * Re-sums the touched SKUs from the availability rows just written (same transaction). Rows are
 * locked in SKU order, as the catalog projection locks them: concurrent batches cannot deadlock. A SKU
 * whose product the catalog has not seen yet gets the default threshold until ProductCreated arrives.
 */
export const refreshProductTotals = (schema: string) => `
  INSERT INTO ${schema}.product_totals_view AS p
    (sku, total_on_hand, total_reserved, total_available, low_stock_threshold, status, updated_at)
  SELECT a.sku, sum(a.on_hand), sum(a.reserved), sum(a.available), ${DEFAULT_LOW_STOCK_THRESHOLD},
         ${stockStatus('sum(a.available)', String(DEFAULT_LOW_STOCK_THRESHOLD))}, now()
    FROM ${schema}.availability_view a
   WHERE a.sku = ANY($1::text[])
   GROUP BY a.sku
   ORDER BY a.sku
  ON CONFLICT (sku) DO UPDATE
    SET total_on_hand = EXCLUDED.total_on_hand, total_reserved = EXCLUDED.total_reserved,
        total_available = EXCLUDED.total_available,
        status = ${stockStatus('EXCLUDED.total_available', 'p.low_stock_threshold')}, updated_at = now()`;

/** One row per stock event; the event id keeps it to one even if a batch were offered twice. */
export const insertTimeline = (schema: string) => `
  INSERT INTO ${schema}.event_timeline
    (event_id, event_type, store_id, sku, version, occurred_at, payload, metadata, topic, partition, kafka_offset)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[],
                       $7::jsonb[], $8::jsonb[], $9::text[], $10::int[], $11::bigint[])
  ON CONFLICT (event_id) DO NOTHING`;

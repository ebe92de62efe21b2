import type { Pool, PoolClient } from 'pg';

export interface ReadModelDiscrepancy {
  view: string;
  key: string;
  /** What the command state says the row should hold; null when the view has a row it should not. */
  expected: unknown;
  /** What the view holds; null when the row is missing. */
  actual: unknown;
}

export interface ReadModelReport {
  /** Rows compared per view (expected and actual together). */
  rows: Record<string, number>;
  /** The first discrepancies of each view (up to `limit`), and how many there are in all. */
  discrepancies: ReadModelDiscrepancy[];
  total: number;
}

/** One read view: the rows the command side implies, and the rows the view holds, as (key, jsonb). */
interface ViewSpec {
  view: string;
  expected: string;
  actual: string;
}

const stockStatus = (available: string, threshold: string) =>
  `CASE WHEN ${available} <= 0 THEN 'out_of_stock' WHEN ${available} <= ${threshold} THEN 'low_stock' ELSE 'in_stock' END`;

const VIEWS: readonly ViewSpec[] = [
  {
    view: 'availability_view',
    expected: `
      SELECT sku || '@' || store_id AS key,
             jsonb_build_object('onHand', on_hand, 'reserved', reserved, 'available', on_hand - reserved,
                                'version', version) AS value
        FROM command.stock_items`,
    actual: `
      SELECT sku || '@' || store_id AS key,
             jsonb_build_object('onHand', on_hand, 'reserved', reserved, 'available', available,
                                'version', version) AS value
        FROM read.availability_view`,
  },
  {
    view: 'product_totals_view',
    expected: `
      SELECT sku AS key,
             jsonb_build_object('name', name, 'lowStockThreshold', threshold, 'totalOnHand', on_hand,
                                'totalReserved', reserved, 'totalAvailable', on_hand - reserved,
                                'status', ${stockStatus('on_hand - reserved', 'threshold')}) AS value
        FROM (SELECT coalesce(p.sku, s.sku) AS sku, p.name, coalesce(p.low_stock_threshold, 3) AS threshold,
                     coalesce(s.on_hand, 0) AS on_hand, coalesce(s.reserved, 0) AS reserved
                FROM command.products p
                FULL JOIN (SELECT sku, sum(on_hand) AS on_hand, sum(reserved) AS reserved
                             FROM command.stock_items GROUP BY sku) s ON s.sku = p.sku) t`,
    actual: `
      SELECT sku AS key,
             jsonb_build_object('name', name, 'lowStockThreshold', low_stock_threshold,
                                'totalOnHand', total_on_hand, 'totalReserved', total_reserved,
                                'totalAvailable', total_available, 'status', status) AS value
        FROM read.product_totals_view`,
  },
  {
    view: 'reservation_view',
    expected: `
      SELECT reservation_id::text AS key,
             jsonb_build_object('storeId', store_id, 'customerId', customer_id, 'status', status,
                                'lines', lines, 'expiresAt', expires_at, 'version', version) AS value
        FROM command.reservations`,
    actual: `
      SELECT reservation_id::text AS key,
             jsonb_build_object('storeId', store_id, 'customerId', customer_id, 'status', status,
                                'lines', lines, 'expiresAt', expires_at, 'version', version) AS value
        FROM read.reservation_view`,
  },
  {
    view: 'transfer_view',
    expected: `
      SELECT transfer_id::text AS key,
             jsonb_build_object('fromStore', from_store, 'toStore', to_store, 'lines', lines, 'status', status,
                                'failureReason', failure_reason, 'version', version) AS value
        FROM command.transfers`,
    actual: `
      SELECT transfer_id::text AS key,
             jsonb_build_object('fromStore', from_store, 'toStore', to_store, 'lines', lines, 'status', status,
                                'failureReason', failure_reason, 'version', version) AS value
        FROM read.transfer_view`,
  },
  {
    view: 'store_view',
    expected: `
      SELECT store_id AS key, jsonb_build_object('name', name, 'latencyMs', latency_ms, 'version', version) AS value
        FROM command.stores`,
    actual: `
      SELECT store_id AS key, jsonb_build_object('name', name, 'latencyMs', latency_ms, 'version', version) AS value
        FROM read.store_view`,
  },
  {
    // Every stock event once (the event id is the timeline's key), with what it says about which item.
    view: 'event_timeline',
    expected: `
      SELECT event_id::text AS key,
             jsonb_build_object('eventType', event_type, 'storeId', payload->>'storeId', 'sku', payload->>'sku',
                                'version', (payload->>'version')::int) AS value
        FROM command.events
       WHERE stream_type IN ('stock-item', 'stock-alert')`,
    actual: `
      SELECT event_id::text AS key,
             jsonb_build_object('eventType', event_type, 'storeId', store_id, 'sku', sku, 'version', version) AS value
        FROM read.event_timeline`,
  },
];

const compare = (spec: ViewSpec) => `
  WITH expected AS (${spec.expected}), actual AS (${spec.actual}),
       joined AS (SELECT coalesce(e.key, a.key) AS key, e.value AS expected, a.value AS actual
                    FROM expected e FULL JOIN actual a ON a.key = e.key),
       differing AS (SELECT * FROM joined WHERE expected IS DISTINCT FROM actual)
  SELECT (SELECT count(*) FROM joined)::int AS rows, (SELECT count(*) FROM differing)::int AS total,
         (SELECT coalesce(jsonb_agg(d ORDER BY d.key), '[]')
            FROM (SELECT * FROM differing ORDER BY key LIMIT $1) d) AS first`;

/**
 * Compares the read schema's views with the command state they are projections of, row by row, in
 * one repeatable-read snapshot: availability and product totals against the stock items, reservations,
 * transfers and stores against theirs, and the event timeline against the stock events of the event
 * store. Only meaningful once the projections have caught up with the writes.
 */
export async function checkReadModel(pool: Pool, limit = 20): Promise<ReadModelReport> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const report: ReadModelReport = { rows: {}, discrepancies: [], total: 0 };
    for (const spec of VIEWS) await checkView(client, spec, limit, report);
    await client.query('COMMIT');
    return report;
  } finally {
    client.release();
  }
}

async function checkView(client: PoolClient, spec: ViewSpec, limit: number, report: ReadModelReport) {
  const { rows } = await client.query<{
    rows: number;
    total: number;
    first: Array<Omit<ReadModelDiscrepancy, 'view'>>;
  }>(compare(spec), [limit]);
  const { rows: compared, total, first } = rows[0]!;
  report.rows[spec.view] = compared;
  report.total += total;
  for (const discrepancy of first) report.discrepancies.push({ view: spec.view, ...discrepancy });
}

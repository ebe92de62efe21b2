import { stockStatus } from '../availability/availability.sql';
import type { CommandFact } from './command-facts';

/**
 * What the checks need of the command side, loaded through the command connection into temporary
 * tables of the read transaction (see command-facts.ts). Whole tables where every row is compared;
 * the event store only as far as the checks look: the slim rows of the stock events (for the
 * timeline), the one event at each availability row's version, and whether a timeline row whose
 * event is not a stock event exists in the event store at all.
 */
export const COMMAND_FACTS: readonly CommandFact[] = [
  {
    table: 'command_stock_items',
    columns: `store_id text, sku text, on_hand integer, reserved integer, version integer,
              updated_at timestamptz, PRIMARY KEY (store_id, sku)`,
    source: `SELECT store_id, sku, on_hand, reserved, version, updated_at FROM command.stock_items`,
  },
  {
    table: 'command_stock_events',
    columns: `event_id uuid PRIMARY KEY, event_type text, stream_id text, store_id text, sku text,
              version integer, occurred_at timestamptz`,
    source: `
      SELECT event_id, event_type, stream_id, payload->>'storeId' AS store_id, payload->>'sku' AS sku,
             (payload->>'version')::int AS version, occurred_at
        FROM command.events WHERE stream_type IN ('stock-item', 'stock-alert')`,
  },
  {
    table: 'command_item_events',
    columns: `stream_id text, stream_version integer, event_id uuid, payload jsonb,
              PRIMARY KEY (stream_id, stream_version)`,
    keys: `SELECT store_id || ':' || sku AS stream_id, version FROM read.availability_view`,
    source: `
      SELECT e.stream_id, e.stream_version, e.event_id, e.payload
        FROM json_to_recordset($1::json) AS k (stream_id text, version int)
        JOIN command.events e ON e.stream_type = 'stock-item' AND e.stream_id = k.stream_id
                             AND e.stream_version = k.version`,
  },
  {
    table: 'command_other_events',
    columns: `event_id uuid PRIMARY KEY`,
    keys: `
      SELECT t.event_id FROM read.event_timeline t
       WHERE NOT EXISTS (SELECT 1 FROM pg_temp.command_stock_events e WHERE e.event_id = t.event_id)`,
    source: `
      SELECT e.event_id FROM json_to_recordset($1::json) AS k (event_id uuid)
        JOIN command.events e ON e.event_id = k.event_id`,
  },
  {
    table: 'command_stores',
    columns: `store_id text PRIMARY KEY, name text, latency_ms integer, version integer, created_at timestamptz`,
    source: `SELECT store_id, name, latency_ms, version, created_at FROM command.stores`,
  },
  {
    table: 'command_reservations',
    columns: `reservation_id uuid PRIMARY KEY, status text, payment_ref text, version integer,
              updated_at timestamptz`,
    source: `SELECT reservation_id, status, payment_ref, version, updated_at FROM command.reservations`,
  },
  {
    table: 'command_transfers',
    columns: `transfer_id uuid PRIMARY KEY, status text, version integer, updated_at timestamptz`,
    source: `SELECT transfer_id, status, version, updated_at FROM command.transfers`,
  },
];

/** Every read table the checks read, locked (ACCESS SHARE) before the snapshot: see checkReadModel. */
export const CHECKED_READ_TABLES = [
  'read.availability_view',
  'read.product_totals_view',
  'read.event_timeline',
  'read.store_view',
  'read.reservation_view',
  'read.transfer_view',
];

/**
 * The read model's checks, each a query returning `{ kind, id, detail }` rows. `$1` is the lag
 * tolerance in milliseconds: 0 demands a drained system (read model == command state); more compares a
 * live system at each row's projected version and only flags what stayed behind longer than that.
 * They run in the read transaction, against `COMMAND_FACTS` in its temporary tables; `now()` is the
 * start of that transaction, the moment of the read side's snapshot.
 */
export const READ_MODEL_CHECKS: Record<string, string> = {
  // Each availability row holds the levels of the event at its version, and no version the item lacks.
  availability: `
    SELECT 'availability' AS kind, r.store_id || ':' || r.sku AS id,
           json_build_object('read', json_build_object('onHand', r.on_hand, 'reserved', r.reserved,
                               'available', r.available, 'version', r.version),
                             'event', e.payload, 'command', json_build_object('onHand', c.on_hand,
                               'reserved', c.reserved, 'version', c.version)) AS detail
      FROM read.availability_view r
      LEFT JOIN pg_temp.command_stock_items c ON c.store_id = r.store_id AND c.sku = r.sku
      LEFT JOIN pg_temp.command_item_events e ON e.stream_id = r.store_id || ':' || r.sku
                                             AND e.stream_version = r.version
     WHERE c.sku IS NULL OR e.event_id IS NULL OR r.version > c.version
        OR (e.payload->>'onHand')::int <> r.on_hand OR (e.payload->>'reserved')::int <> r.reserved
        OR r.available <> r.on_hand - r.reserved
        OR (r.version < c.version AND c.updated_at < now() - make_interval(secs => $1 / 1000.0))`,
  // Every item the command side has, the read side has too (once the lag tolerance has passed).
  'availability-missing': `
    SELECT 'availability-missing' AS kind, c.store_id || ':' || c.sku AS id,
           json_build_object('command', json_build_object('onHand', c.on_hand, 'reserved', c.reserved,
                               'version', c.version)) AS detail
      FROM pg_temp.command_stock_items c
     WHERE NOT EXISTS (SELECT 1 FROM read.availability_view r WHERE r.store_id = c.store_id AND r.sku = c.sku)
       AND c.updated_at < now() - make_interval(secs => $1 / 1000.0)`,
  // Product totals are the sums of their SKU's rows, and their status follows the threshold.
  'product-totals': `
    SELECT 'product-totals' AS kind, coalesce(p.sku, a.sku) AS id,
           json_build_object('totals', json_build_object('onHand', p.total_on_hand, 'reserved', p.total_reserved,
                               'available', p.total_available, 'status', p.status),
                             'sums', json_build_object('onHand', a.on_hand, 'reserved', a.reserved,
                               'available', a.available)) AS detail
      FROM read.product_totals_view p
      FULL JOIN (SELECT sku, sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved,
                        sum(available)::int AS available
                   FROM read.availability_view GROUP BY sku) a ON a.sku = p.sku
     WHERE a.sku IS NOT NULL AND (p.sku IS NULL OR p.total_on_hand <> a.on_hand
        OR p.total_reserved <> a.reserved OR p.total_available <> a.available
        OR p.status <> ${stockStatus('a.available', 'p.low_stock_threshold')})`,
  // The timeline holds each stock event once: nothing the event store lacks, nothing projected missing.
  'timeline-extra': `
    SELECT 'timeline-extra' AS kind, t.event_id::text AS id, json_build_object('type', t.event_type) AS detail
      FROM read.event_timeline t
     WHERE NOT EXISTS (SELECT 1 FROM pg_temp.command_stock_events e WHERE e.event_id = t.event_id)
       AND NOT EXISTS (SELECT 1 FROM pg_temp.command_other_events e WHERE e.event_id = t.event_id)`,
  'timeline-missing': `
    SELECT 'timeline-missing' AS kind, e.event_id::text AS id,
           json_build_object('type', e.event_type, 'item', e.stream_id) AS detail
      FROM pg_temp.command_stock_events e
      JOIN read.availability_view r ON r.store_id = e.store_id AND r.sku = e.sku
     WHERE e.version <= r.version
       AND e.occurred_at < now() - make_interval(secs => $1 / 1000.0)
       AND NOT EXISTS (SELECT 1 FROM read.event_timeline t WHERE t.event_id = e.event_id)`,
  // Never negative, never more reserved than on hand: on either side.
  oversold: `
    SELECT 'oversold' AS kind, store_id || ':' || sku AS id,
           json_build_object('onHand', on_hand, 'reserved', reserved) AS detail
      FROM pg_temp.command_stock_items WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand
    UNION ALL
    SELECT 'oversold', store_id || ':' || sku, json_build_object('onHand', on_hand, 'reserved', reserved)
      FROM read.availability_view WHERE on_hand < 0 OR reserved < 0 OR available < 0`,
  // Status views: never ahead of the command side; equal once the lag tolerance has passed.
  stores: `
    SELECT 'stores' AS kind, c.store_id AS id,
           json_build_object('read', row_to_json(r), 'commandVersion', c.version) AS detail
      FROM pg_temp.command_stores c LEFT JOIN read.store_view r ON r.store_id = c.store_id
     WHERE r.version > c.version OR ((r.store_id IS NULL OR r.version < c.version OR r.name <> c.name
           OR r.latency_ms <> c.latency_ms) AND c.created_at < now() - make_interval(secs => $1 / 1000.0))`,
  reservations: `
    SELECT 'reservations' AS kind, c.reservation_id::text AS id,
           json_build_object('read', json_build_object('status', r.status, 'paymentRef', r.payment_ref, 'version', r.version),
                             'command', json_build_object('status', c.status, 'paymentRef', c.payment_ref, 'version', c.version)) AS detail
      FROM pg_temp.command_reservations c LEFT JOIN read.reservation_view r ON r.reservation_id = c.reservation_id
     WHERE r.version > c.version
        OR (r.version = c.version AND (r.status <> c.status OR r.payment_ref IS DISTINCT FROM c.payment_ref))
        OR ((r.reservation_id IS NULL OR r.version < c.version)
            AND c.updated_at < now() - make_interval(secs => $1 / 1000.0))`,
  transfers: `
    SELECT 'transfers' AS kind, c.transfer_id::text AS id,
           json_build_object('read', json_build_object('status', r.status, 'version', r.version),
                             'command', json_build_object('status', c.status, 'version', c.version)) AS detail
      FROM pg_temp.command_transfers c LEFT JOIN read.transfer_view r ON r.transfer_id = c.transfer_id
     WHERE r.version > c.version OR (r.version = c.version AND r.status <> c.status)
        OR ((r.transfer_id IS NULL OR r.version < c.version)
            AND c.updated_at < now() - make_interval(secs => $1 / 1000.0))`,
};

import { prepared } from '@inventory/persistence';

/**
 * Every item of the SKU in active stores, locked in store order (a purchase may land in any of them, so
 * all candidates are held while choosing — that is what makes overselling impossible), plus the
 * product's threshold and the round-robin cursor, in one round trip.
 */
export const LOCK_CANDIDATES = prepared(`
  WITH candidates AS (
    SELECT i.store_id, i.on_hand, i.reserved, i.version, s.latency_ms
      FROM command.stock_items i JOIN command.stores s USING (store_id)
     WHERE i.sku = $1 AND s.active
     ORDER BY i.store_id
       FOR UPDATE OF i
  )
  SELECT (SELECT coalesce(json_agg(candidates), '[]') FROM candidates) AS candidates,
         (SELECT low_stock_threshold FROM command.products WHERE sku = $1) AS threshold,
         (SELECT last_store_id FROM command.purchase_cursors WHERE sku = $1) AS last_store_id`);

export const ADVANCE_CURSOR = prepared(`
  INSERT INTO command.purchase_cursors (sku, last_store_id) VALUES ($1, $2)
  ON CONFLICT (sku) DO UPDATE SET last_store_id = EXCLUDED.last_store_id`);

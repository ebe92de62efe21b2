import { initialStockItemState, type StockItemState } from '@inventory/domain';
import type { PoolClient } from 'pg';

export interface LockedStockItem {
  state: StockItemState;
  storeExists: boolean;
}

/** Locks the item row (when it exists) and says whether its store is registered, in one round trip. */
export async function lockStockItem(tx: PoolClient, storeId: string, sku: string): Promise<LockedStockItem> {
  const { rows } = await tx.query<{
    item: { on_hand: number; reserved: number; version: number } | null;
    store_exists: boolean;
  }>(
    `WITH item AS (
       SELECT on_hand, reserved, version FROM command.stock_items
        WHERE store_id = $1 AND sku = $2 FOR UPDATE
     )
     SELECT (SELECT row_to_json(item) FROM item) AS item,
            EXISTS (SELECT 1 FROM command.stores WHERE store_id = $1) AS store_exists`,
    [storeId, sku],
  );
  const { item, store_exists } = rows[0]!;
  const state = item
    ? { storeId, sku, onHand: item.on_hand, reserved: item.reserved, version: item.version }
    : initialStockItemState(storeId, sku);
  return { state, storeExists: store_exists };
}

/**
 * Writes the item's new state. A first write INSERTs, so two first writes racing make one fail on the
 * key and the command store runs it again against the row the other created.
 */
export async function saveStockItem(
  tx: PoolClient,
  previousVersion: number,
  next: StockItemState,
): Promise<void> {
  const values = [next.storeId, next.sku, next.onHand, next.reserved, next.version];
  if (previousVersion === 0) {
    await tx.query(
      `INSERT INTO command.stock_items (store_id, sku, on_hand, reserved, version) VALUES ($1, $2, $3, $4, $5)`,
      values,
    );
    return;
  }
  await tx.query(
    `UPDATE command.stock_items SET on_hand = $3, reserved = $4, version = $5, updated_at = now()
      WHERE store_id = $1 AND sku = $2`,
    values,
  );
}

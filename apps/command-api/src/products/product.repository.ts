import { initialProductState, type ProductState } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';

export async function loadProductForUpdate(tx: CommandTx, sku: string): Promise<ProductState> {
  const { rows } = await tx.query<{ name: string; low_stock_threshold: number; version: number }>(
    `SELECT name, low_stock_threshold, version FROM command.products WHERE sku = $1 FOR UPDATE`,
    [sku],
  );
  const row = rows[0];
  if (!row) return initialProductState(sku);
  return { sku, name: row.name, lowStockThreshold: row.low_stock_threshold, version: row.version };
}

export function insertProduct(tx: CommandTx, state: ProductState): void {
  tx.defer(`INSERT INTO command.products (sku, name, low_stock_threshold, version) VALUES ($1, $2, $3, $4)`, [
    state.sku,
    state.name,
    state.lowStockThreshold,
    state.version,
  ]);
}

/**
 * The store holding the fewest units in total, where a new product's first stock goes; ties go to the
 * faster store, then the lower id, so the choice is deterministic.
 */
export async function lowestStockStore(tx: CommandTx): Promise<string | undefined> {
  const { rows } = await tx.query<{ store_id: string }>(
    `SELECT s.store_id
       FROM command.stores s
       LEFT JOIN command.stock_items i ON i.store_id = s.store_id
      WHERE s.active
      GROUP BY s.store_id, s.latency_ms
      ORDER BY coalesce(sum(i.on_hand), 0), s.latency_ms, s.store_id
      LIMIT 1`,
  );
  return rows[0]?.store_id;
}

import {
  initialStockItemState,
  ProductNotFound,
  StoreNotFound,
  type StockItemState,
} from '@inventory/domain';
import { prepared, type CommandTx } from '@inventory/persistence';

export interface ItemKey {
  storeId: string;
  sku: string;
}

/** Stock items by `storeId\u0000sku`, as loaded (version 0 when the item has no row yet). */
export type ItemMap = Map<string, StockItemState>;

export const itemId = (storeId: string, sku: string) => `${storeId}\u0000${sku}`;

export interface LockedItems {
  items: ItemMap;
  thresholds: Map<string, number>;
}

interface LockRow {
  items: Array<{ store_id: string; sku: string; on_hand: number; reserved: number; version: number }>;
  thresholds: Record<string, number>;
  stores: string[];
}

export const LOCK_ITEMS = prepared(`
  WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w (store_id, sku)),
  locked AS (
    SELECT i.store_id, i.sku, i.on_hand, i.reserved, i.version
      FROM command.stock_items i JOIN wanted USING (store_id, sku)
     ORDER BY i.store_id, i.sku
       FOR UPDATE OF i
  )
  SELECT (SELECT coalesce(json_agg(locked), '[]') FROM locked) AS items,
         (SELECT coalesce(json_object_agg(sku, low_stock_threshold), '{}')
            FROM command.products WHERE sku IN (SELECT sku FROM wanted)) AS thresholds,
         (SELECT coalesce(json_agg(store_id), '[]')
            FROM command.stores WHERE active AND store_id IN (SELECT store_id FROM wanted)) AS stores`);

/**
 * Locks the items in one deterministic order — (store, sku) — so multi-line commands never deadlock,
 * and reads the products' thresholds and the stores' existence in the same round trip. Refuses
 * unknown stores and products.
 */
export async function lockItems(tx: CommandTx, keys: ItemKey[]): Promise<LockedItems> {
  const { rows } = await tx.query<LockRow>(LOCK_ITEMS, [keys.map((k) => k.storeId), keys.map((k) => k.sku)]);
  const { items, thresholds, stores } = rows[0]!;
  const missingStore = keys.find((k) => !stores.includes(k.storeId));
  if (missingStore) throw new StoreNotFound(missingStore.storeId);
  const missingProduct = keys.find((k) => thresholds[k.sku] === undefined);
  if (missingProduct) throw new ProductNotFound(missingProduct.sku);
  const map: ItemMap = new Map(
    keys.map((k) => [itemId(k.storeId, k.sku), initialStockItemState(k.storeId, k.sku)]),
  );
  for (const row of items) {
    map.set(itemId(row.store_id, row.sku), {
      storeId: row.store_id,
      sku: row.sku,
      onHand: row.on_hand,
      reserved: row.reserved,
      version: row.version,
    });
  }
  return { items: map, thresholds: new Map(Object.entries(thresholds)) };
}

export const SAVE_ITEMS = prepared(`
  WITH updated AS (
    UPDATE command.stock_items s
       SET on_hand = t.on_hand, reserved = t.reserved, version = t.version, updated_at = now()
      FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) AS t (store_id, sku, on_hand, reserved, version)
     WHERE s.store_id = t.store_id AND s.sku = t.sku
  )
  INSERT INTO command.stock_items (store_id, sku, on_hand, reserved, version)
  SELECT * FROM unnest($6::text[], $7::text[], $8::int[], $9::int[], $10::int[])`);

/**
 * Writes the items that changed (deferred: it travels with the events and COMMIT). Existing rows
 * (locked above) are UPDATEd; new ones INSERTed without ON CONFLICT, so two first writes racing make
 * one fail on the key and the command store runs it again against the row the other created — never a
 * silent overwrite.
 */
export function saveItems(tx: CommandTx, before: ItemMap, after: Iterable<StockItemState>): void {
  const changed = [...after].filter(
    (item) => item.version !== before.get(itemId(item.storeId, item.sku))?.version,
  );
  if (changed.length === 0) return;
  const isNew = (item: StockItemState) => (before.get(itemId(item.storeId, item.sku))?.version ?? 0) === 0;
  const columns = (items: StockItemState[]) => [
    items.map((i) => i.storeId),
    items.map((i) => i.sku),
    items.map((i) => i.onHand),
    items.map((i) => i.reserved),
    items.map((i) => i.version),
  ];
  tx.defer(SAVE_ITEMS, [
    ...columns(changed.filter((item) => !isNew(item))),
    ...columns(changed.filter(isNew)),
  ]);
}

/** The states after applying `events` to the loaded items, in the map's own order. */
export function bySku(items: ItemMap, storeId: string): Map<string, StockItemState> {
  return new Map([...items.values()].filter((i) => i.storeId === storeId).map((i) => [i.sku, i]));
}

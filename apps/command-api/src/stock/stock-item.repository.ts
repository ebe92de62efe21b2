import { Injectable } from '@nestjs/common';
import {
  foldStock,
  itemKey,
  type ItemKey,
  type Stock,
  type StockItemEvent,
  type StockItemState,
} from '@inventory/domain';
import { prepared, type CommandTx } from '@inventory/persistence';
import { stockEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';
import { ADVANCE_CURSOR, LOCK_CANDIDATES } from './purchase/purchase.sql';

type ItemRow = { store_id: string; sku: string; on_hand: number; reserved: number; version: number };

interface LockRow {
  items: ItemRow[];
  thresholds: Record<string, number>;
  stores: Record<string, number>;
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
         (SELECT coalesce(json_object_agg(store_id, latency_ms), '{}')
            FROM command.stores WHERE active AND store_id IN (SELECT store_id FROM wanted)) AS stores`);

export const SAVE_ITEMS = prepared(`
  WITH updated AS (
    UPDATE command.stock_items s
       SET on_hand = t.on_hand, reserved = t.reserved, version = t.version, updated_at = now()
      FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) AS t (store_id, sku, on_hand, reserved, version)
     WHERE s.store_id = t.store_id AND s.sku = t.sku
  )
  INSERT INTO command.stock_items (store_id, sku, on_hand, reserved, version)
  SELECT * FROM unnest($6::text[], $7::text[], $8::int[], $9::int[], $10::int[])`);

const EMPTY: Stock = {
  items: new Map(),
  thresholds: new Map(),
  stores: new Map(),
  lastRoundRobin: new Map(),
};

function stockOf(rows: ItemRow[], thresholds: Record<string, number>, stores: Record<string, number>): Stock {
  const items = new Map<string, StockItemState>();
  for (const row of rows) {
    const { store_id: storeId, sku, on_hand: onHand, reserved, version } = row;
    items.set(itemKey(storeId, sku), { storeId, sku, onHand, reserved, version });
  }
  return {
    items,
    thresholds: new Map(Object.entries(thresholds)),
    stores: new Map(Object.entries(stores)),
    lastRoundRobin: new Map(),
  };
}

/**
 * Locks the items in one deterministic order — (store, sku) — so multi-line commands never deadlock,
 * and reads the products' thresholds and the active stores in the same round trip. Items without a row
 * are simply absent: the domain starts their streams.
 */
export async function lockStock(tx: CommandTx, keys: ItemKey[]): Promise<Stock> {
  if (keys.length === 0) return EMPTY;
  const { rows } = await tx.query<LockRow>(LOCK_ITEMS, [keys.map((k) => k.storeId), keys.map((k) => k.sku)]);
  const { items, thresholds, stores } = rows[0]!;
  return stockOf(items, thresholds, stores);
}

interface CandidateRow {
  candidates: Array<{
    store_id: string;
    on_hand: number;
    reserved: number;
    version: number;
    latency_ms: number;
  }>;
  threshold: number | null;
  last_store_id: string | null;
}

/** Every item of the SKU in an active store (a purchase may land in any), with the round-robin cursor. */
async function lockEveryStore(tx: CommandTx, sku: string): Promise<Stock> {
  const { rows } = await tx.query<CandidateRow>(LOCK_CANDIDATES, [sku]);
  const { candidates, threshold, last_store_id } = rows[0]!;
  const stock = stockOf(
    candidates.map((row) => ({ ...row, sku })),
    threshold === null ? {} : { [sku]: threshold },
    Object.fromEntries(candidates.map((row) => [row.store_id, row.latency_ms])),
  );
  return last_store_id === null ? stock : { ...stock, lastRoundRobin: new Map([[sku, last_store_id]]) };
}

/**
 * Writes the items that changed (deferred: it travels with the events and COMMIT). Existing rows
 * (locked above) are UPDATEd; new ones INSERTed without ON CONFLICT, so two first writes racing make
 * one fail on the key and the command store runs it again against the row the other created — never a
 * silent overwrite. A moved round-robin cursor is written too.
 */
export function saveStock(tx: CommandTx, before: Stock, after: Stock): void {
  const changed = [...after.items].filter(([key, item]) => item.version !== before.items.get(key)?.version);
  if (changed.length > 0) {
    const columns = (items: Array<[string, StockItemState]>) => [
      items.map(([, i]) => i.storeId),
      items.map(([, i]) => i.sku),
      items.map(([, i]) => i.onHand),
      items.map(([, i]) => i.reserved),
      items.map(([, i]) => i.version),
    ];
    tx.defer(SAVE_ITEMS, [
      ...columns(changed.filter(([key]) => before.items.has(key))),
      ...columns(changed.filter(([key]) => !before.items.has(key))),
    ]);
  }
  for (const [sku, storeId] of after.lastRoundRobin) {
    if (before.lastRoundRobin.get(sku) !== storeId) tx.defer(ADVANCE_CURSOR, [sku, storeId]);
  }
}

/** The items a stock command names, or every store's item of one SKU (a purchase chooses among them). */
export type StockSelection = ItemKey[] | { everyStoreOf: string };

@Injectable()
export class StockItemRepository extends Repository<StockSelection, Stock, StockItemEvent> {
  load(tx: CommandTx, selection: StockSelection): Promise<Stock> {
    return Array.isArray(selection) ? lockStock(tx, selection) : lockEveryStore(tx, selection.everyStoreOf);
  }

  save(tx: CommandTx, before: Stock, after: Stock): void {
    saveStock(tx, before, after);
  }

  fold(state: Stock, events: StockItemEvent[]): Stock {
    return foldStock(state, events);
  }

  route(event: StockItemEvent) {
    return stockEvent(event);
  }
}

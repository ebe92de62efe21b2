import { Injectable } from '@nestjs/common';
import { foldStock, type ItemKey, type Stock, type StockItemEvent } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { BatchRows, RowNeeds } from '../command-store/batch-rows';
import { stockEvent } from '../command-store/event-routing';
import { Repository } from '../command-store/repository';
import { LOCK_STOCK, lockStockParams, stockOf, writeStock, type StockRows } from './stock-rows';

/** Locks the items `keys` names and reads their stores and products (see LOCK_STOCK). */
export async function lockStock(tx: CommandTx, keys: ItemKey[], everyStoreOf: string[] = []): Promise<Stock> {
  const { rows } = await tx.query<StockRows>(LOCK_STOCK, lockStockParams(keys, everyStoreOf));
  return stockOf(rows[0]!);
}

/** Queues the writes of the items that changed, and of a moved round-robin cursor. */
export function saveStock(tx: CommandTx, before: Stock, after: Stock): void {
  const changed = [...after.items].filter(([key, item]) => item.version !== before.items.get(key)?.version);
  writeStock(
    tx,
    changed.filter(([key]) => before.items.has(key)).map(([, item]) => item),
    changed.filter(([key]) => !before.items.has(key)).map(([, item]) => item),
    [...after.lastRoundRobin].filter(([sku, storeId]) => before.lastRoundRobin.get(sku) !== storeId),
  );
}

/** The items a stock command names, or every store's item of one SKU (a purchase chooses among them). */
export type StockSelection = ItemKey[] | { everyStoreOf: string };

@Injectable()
export class StockItemRepository extends Repository<StockSelection, Stock, StockItemEvent> {
  load(tx: CommandTx, selection: StockSelection): Promise<Stock> {
    return Array.isArray(selection) ? lockStock(tx, selection) : lockStock(tx, [], [selection.everyStoreOf]);
  }

  save(tx: CommandTx, before: Stock, after: Stock): void {
    saveStock(tx, before, after);
  }

  needs(selection: StockSelection): RowNeeds {
    return Array.isArray(selection) ? { items: selection } : { everyStoreOf: [selection.everyStoreOf] };
  }

  view(rows: BatchRows, selection: StockSelection): Stock {
    return Array.isArray(selection) ? rows.stock(selection) : rows.everyStoreOf(selection.everyStoreOf);
  }

  keep(rows: BatchRows, before: Stock, after: Stock): void {
    rows.keepStock(before, after);
  }

  fold(state: Stock, events: StockItemEvent[]): Stock {
    return foldStock(state, events);
  }

  route(event: StockItemEvent) {
    return stockEvent(event);
  }
}

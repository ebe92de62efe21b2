import { evolveStockItem, levels, type StockItemEvent, type StockItemState } from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import { stockEvent } from '../command-store/event-routing';
import type { CommandOutcome } from '../command-store/pending-event';
import { itemId, lockItems, saveItems, type ItemKey } from './stock-item.repository';

/** Lock one item, decide, write: the shape of every single-item stock command. */
export async function changeOneItem(
  tx: CommandTx,
  key: ItemKey,
  decide: (state: StockItemState, threshold: number) => StockItemEvent[],
): Promise<CommandOutcome> {
  const { items, thresholds } = await lockItems(tx, [key]);
  const state = items.get(itemId(key.storeId, key.sku))!;
  const events = decide(state, thresholds.get(key.sku)!);
  const next = events.reduce(evolveStockItem, state);
  saveItems(tx, items, [next]);
  return {
    status: 202,
    body: levels(next),
    headers: { etag: `"${next.version}"` },
    events: events.map(stockEvent),
  };
}

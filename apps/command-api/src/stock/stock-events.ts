import { stockKey, TOPICS } from '@inventory/contracts';
import type { StockItemEvent } from '@inventory/domain';
import type { PendingEvent } from '../command-store/pending-event';

export function stockEvent(event: StockItemEvent): PendingEvent {
  const { storeId, sku, version } = event.data;
  const id = stockKey(storeId, sku);
  return { topic: TOPICS.stock, key: id, aggregate: { type: 'stock-item', id, version }, event };
}

import { itemIn, levels, type Purchase, type Stock } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';

/** The chosen store's item after the sale, with what was bought and how the store was chosen. */
export function presentPurchase(command: Purchase): Presenter<Stock> {
  const { sku, qty, policy, customerId } = command.data;
  return ({ state, events }) => {
    const sold = events.find((pending) => pending.event.type === 'StockPurchased')!;
    const item = itemIn(state, (sold.event.data as { storeId: string }).storeId, sku);
    return {
      status: 202,
      body: { ...levels(item), qty, policy, customerId },
      headers: { etag: `"${item.version}"` },
    };
  };
}

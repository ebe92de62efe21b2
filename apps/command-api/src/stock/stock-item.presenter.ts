import { itemIn, levels, type ItemKey, type Stock } from '@inventory/domain';
import type { Presenter } from '../command-store/command-result';

/** The answer of a single-item stock command: the item's new numbers, its version as the ETag. */
export function presentItem({ storeId, sku }: ItemKey): Presenter<Stock> {
  return ({ state }) => {
    const item = itemIn(state, storeId, sku);
    return { status: 202, body: levels(item), headers: { etag: `"${item.version}"` } };
  };
}

import { itemIn, levels, type CreateProduct, type ProductWithStock } from '@inventory/domain';
import type { Presenter } from '../../command-store/command-result';

/** The new product, and where its initial stock went (`placement`, null without initial stock). */
export function presentCreatedProduct(command: CreateProduct): Presenter<ProductWithStock> {
  const { sku, name, lowStockThreshold, initialOnHand } = command.data;
  return ({ state: { root, stock, placement } }) => ({
    status: 202,
    body: {
      sku,
      name,
      lowStockThreshold,
      initialOnHand,
      version: root.version,
      placement: placement === null ? null : levels(itemIn(stock, placement, sku)),
    },
    headers: { etag: `"${root.version}"` },
  });
}

import { tag, type Decider } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { decideStock } from '../stock-item/stock-item.decider';
import type { Catalog } from '../stock-item/stock-item.state';
import {
  evolveWithStock,
  foldWithStock,
  initialWithStock,
  onStock,
  type WithStock,
  type WithStockEvent,
} from '../stock-item/with-stock';
import { NoStoreRegistered } from '../store/store.errors';
import { ProductAlreadyExists } from './product.errors';
import type { ProductEvent } from './product.events';
import { evolveProduct, initialProductState, type ProductState } from './product.state';

/** Creates a product, and places its initial stock (if any) in the store that holds the least. */
export interface CreateProduct {
  type: 'CreateProduct';
  data: { sku: string; name: string; lowStockThreshold: number; initialOnHand: number };
}

export type ProductCommand = CreateProduct;

export type ProductDecisionEvent = WithStockEvent<'product', ProductEvent>;

/** The product, and where its initial stock goes: the active store holding the fewest units, if any. */
export interface ProductWithStock extends WithStock<ProductState> {
  placement: string | null;
}

const onProduct = tag<'product', ProductEvent>('product');

export function initialProductWithStock(init: {
  sku: string;
  placement: string | null;
  catalog: Catalog;
}): ProductWithStock {
  return { ...initialWithStock(initialProductState(init.sku), init.catalog), placement: init.placement };
}

export const foldProductWithStock = foldWithStock<'product', ProductState, ProductEvent>(evolveProduct);

export const evolveProductWithStock = evolveWithStock<'product', ProductState, ProductEvent>(evolveProduct);

function createProduct(command: CreateProduct, state: ProductWithStock): ProductDecisionEvent[] {
  const { sku, name, lowStockThreshold, initialOnHand } = command.data;
  if (state.root.version > 0) throw new ProductAlreadyExists(sku);
  const created = onProduct({
    type: 'ProductCreated',
    data: { sku, name, lowStockThreshold, version: 1 },
  });
  if (initialOnHand === 0) return [created];
  if (state.placement === null) throw new NoStoreRegistered();
  // The new product is known to the stock decision from here on, with its threshold.
  const stock = { ...state.stock, thresholds: new Map(state.stock.thresholds).set(sku, lowStockThreshold) };
  const stocked = decideStock(
    { type: 'AdjustStock', data: { storeId: state.placement, sku, delta: initialOnHand, reason: 'restock' } },
    stock,
  );
  return [created, ...stocked.map(onStock)];
}

export function decideProduct(command: ProductCommand, state: ProductWithStock): ProductDecisionEvent[] {
  switch (command.type) {
    case 'CreateProduct':
      return createProduct(command, state);
    default:
      return assertNever(command.type);
  }
}

export const productDecider: Decider<
  ProductCommand,
  ProductDecisionEvent,
  ProductWithStock,
  Parameters<typeof initialProductWithStock>[0]
> = {
  initialState: initialProductWithStock,
  evolve: evolveProductWithStock,
  decide: decideProduct,
};

import { deciderSpec } from '@inventory/testing';
import { NoStoreRegistered } from '../store/store.errors';
import { onStock } from '../stock-item/with-stock';
import { ProductAlreadyExists } from './product.errors';
import { productDecider, type CreateProduct, type ProductDecisionEvent } from './product.decider';

const spec = deciderSpec(productDecider, {
  sku: 'A2',
  placement: 'S1',
  catalog: { stores: { S1: 0 }, thresholds: {} },
});

const create = (initialOnHand = 0): CreateProduct => ({
  type: 'CreateProduct',
  data: { sku: 'A2', name: 'New Product', lowStockThreshold: 3, initialOnHand },
});
const created: ProductDecisionEvent = {
  stream: 'product',
  event: {
    type: 'ProductCreated',
    data: { sku: 'A2', name: 'New Product', lowStockThreshold: 3, version: 1 },
  },
};
const levels = (onHand: number) => ({
  storeId: 'S1',
  sku: 'A2',
  onHand,
  reserved: 0,
  available: onHand,
  version: 1,
});

describe('CreateProduct', () => {
  it('creates a product at version 1 with its low-stock threshold', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('places the initial stock in the store it is given, as a restock', () => {
    spec
      .given([])
      .when(create(10))
      .then([
        created,
        onStock({ type: 'StockAdjusted', data: { ...levels(10), delta: 10, reason: 'restock' } }),
      ]);
  });

  it("judges the initial stock by the new product's own threshold", () => {
    spec
      .given([])
      .when(create(2))
      .then([
        created,
        onStock({ type: 'StockAdjusted', data: { ...levels(2), delta: 2, reason: 'restock' } }),
        onStock({ type: 'StockLow', data: { ...levels(2), threshold: 3 } }),
      ]);
  });

  it('refuses initial stock when no store is registered to hold it', () => {
    deciderSpec(productDecider, { sku: 'A2', placement: null, catalog: { stores: {}, thresholds: {} } })
      .given([])
      .when(create(5))
      .thenThrows(NoStoreRegistered, 'STORE.NONE_REGISTERED');
  });

  it('refuses a SKU that already exists', () => {
    spec.given([created]).when(create()).thenThrows(ProductAlreadyExists, 'PRODUCT.ALREADY_EXISTS');
  });
});

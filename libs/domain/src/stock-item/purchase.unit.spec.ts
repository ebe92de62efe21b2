import { deciderSpec } from '@inventory/testing';
import { ProductNotFound } from '../product/product.errors';
import { chooseStore, stockItemDecider, type Purchase, type PurchaseCandidate } from './stock-item.decider';
import type { PurchasePolicy, StockItemEvent } from './stock-item.events';
import { NoStoreCanServe } from './stock-item.errors';

const candidate = (storeId: string, onHand: number, latencyMs: number, reserved = 0): PurchaseCandidate => ({
  item: { storeId, sku: 'A1', onHand, reserved, version: 1 },
  latencyMs,
});

const stores = [candidate('S1', 5, 50), candidate('S2', 9, 30, 2), candidate('S3', 6, 10)];
const purchase = (qty: number, policy: PurchasePolicy): Purchase => ({
  type: 'Purchase',
  data: { sku: 'A1', qty, customerId: 'c1', policy },
});

/** The three stores' items as their streams have them: S1 5, S2 9 with 2 reserved, S3 6. */
const stocked: StockItemEvent[] = stores.map(({ item }) => ({
  type: 'StockReserved',
  data: { ...item, available: item.onHand - item.reserved, qty: item.reserved, reservationId: 'r' },
}));
const spec = deciderSpec(stockItemDecider, { stores: { S1: 50, S2: 30, S3: 10 }, thresholds: { A1: 3 } });

const sold = (storeId: string, onHand: number, reserved: number, qty: number, policy: PurchasePolicy) =>
  ({
    type: 'StockPurchased',
    data: {
      storeId,
      sku: 'A1',
      onHand,
      reserved,
      available: onHand - reserved,
      version: 2,
      qty,
      customerId: 'c1',
      policy,
    },
  }) satisfies StockItemEvent;

describe('Purchase', () => {
  it('highest-available picks the store with most available (reservations count against it)', () => {
    expect(chooseStore('highest-available', stores, 1, null)?.item.storeId).toBe('S2');
  });

  it('lowest-latency picks the fastest store that can serve the quantity', () => {
    expect(chooseStore('lowest-latency', stores, 1, null)?.item.storeId).toBe('S3');
    expect(chooseStore('lowest-latency', stores, 8, null)).toBeUndefined();
    expect(chooseStore('lowest-latency', stores, 7, null)?.item.storeId).toBe('S2');
  });

  it('round-robin rotates over the stores that can serve, in id order', () => {
    expect(chooseStore('round-robin', stores, 1, null)?.item.storeId).toBe('S1');
    expect(chooseStore('round-robin', stores, 1, 'S1')?.item.storeId).toBe('S2');
    expect(chooseStore('round-robin', stores, 1, 'S3')?.item.storeId).toBe('S1');
    expect(chooseStore('round-robin', stores, 6, 'S1')?.item.storeId).toBe('S2');
  });

  it('sells from the chosen store and says which', () => {
    spec
      .given(stocked)
      .when(purchase(2, 'highest-available'))
      .then([sold('S2', 7, 2, 2, 'highest-available')]);
  });

  it('lowest-latency sells from the fastest store that has the quantity', () => {
    spec
      .given(stocked)
      .when(purchase(1, 'lowest-latency'))
      .then([sold('S3', 5, 0, 1, 'lowest-latency')]);
  });

  it('round-robin continues after the store its previous sale of the SKU used', () => {
    spec
      .given([...stocked, sold('S1', 4, 0, 1, 'round-robin')])
      .when(purchase(1, 'round-robin'))
      .then([sold('S2', 8, 2, 1, 'round-robin')]);
  });

  it('refuses with STOCK.INSUFFICIENT when no single store can serve, emitting nothing', () => {
    spec
      .given(stocked)
      .when(purchase(8, 'highest-available'))
      .thenThrows(NoStoreCanServe, 'STOCK.INSUFFICIENT');
    spec.given([]).when(purchase(1, 'round-robin')).thenThrows(NoStoreCanServe, 'STOCK.INSUFFICIENT');
  });

  it('refuses a SKU that is not a product', () => {
    deciderSpec(stockItemDecider, { stores: { S1: 0 }, thresholds: {} })
      .given([])
      .when(purchase(1, 'highest-available'))
      .thenThrows(ProductNotFound, 'PRODUCT.NOT_FOUND');
  });
});

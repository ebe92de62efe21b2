import {
  chooseStore,
  decidePurchase,
  NoStoreCanServe,
  type Purchase,
  type PurchaseCandidate,
} from './purchase.decide';
import type { PurchasePolicy } from './stock-item.events';

const candidate = (storeId: string, onHand: number, latencyMs: number, reserved = 0): PurchaseCandidate => ({
  item: { storeId, sku: 'A1', onHand, reserved, version: 1 },
  latencyMs,
});

const stores = [candidate('S1', 5, 50), candidate('S2', 9, 30, 2), candidate('S3', 6, 10)];
const purchase = (qty: number, policy: PurchasePolicy, last: string | null = null): Purchase => ({
  type: 'Purchase',
  data: { sku: 'A1', qty, customerId: 'c1', policy, threshold: 3, lastRoundRobinStore: last },
});

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
    const { storeId, events } = decidePurchase(purchase(2, 'highest-available'), stores);
    expect(storeId).toBe('S2');
    expect(events[0]).toMatchObject({
      type: 'StockPurchased',
      data: {
        storeId: 'S2',
        onHand: 7,
        reserved: 2,
        available: 5,
        version: 2,
        qty: 2,
        customerId: 'c1',
        policy: 'highest-available',
      },
    });
  });

  it('refuses with STOCK.INSUFFICIENT when no single store can serve, emitting nothing', () => {
    expect(() => decidePurchase(purchase(8, 'highest-available'), stores)).toThrow(NoStoreCanServe);
    expect(() => decidePurchase(purchase(1, 'round-robin'), [])).toThrow(
      expect.objectContaining({ code: 'STOCK.INSUFFICIENT' }),
    );
  });
});

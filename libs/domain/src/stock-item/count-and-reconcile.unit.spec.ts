import { decideCountStock } from './count-stock.decide';
import { decideReconcileStock } from './reconcile-stock.decide';
import { CountBelowReserved } from './stock-item.errors';
import type { StockItemState } from './stock-item.state';

const item: StockItemState = { storeId: 'S1', sku: 'A1', onHand: 10, reserved: 4, version: 5 };

describe('CountStock (set-absolute)', () => {
  it('sets on hand and records the difference and the count reference', () => {
    const [event] = decideCountStock(
      {
        type: 'CountStock',
        data: { storeId: 'S1', sku: 'A1', onHand: 12, countRef: 'cycle-1', threshold: 3 },
      },
      item,
    );
    expect(event).toEqual({
      type: 'StockCounted',
      data: {
        storeId: 'S1',
        sku: 'A1',
        onHand: 12,
        reserved: 4,
        available: 8,
        version: 6,
        previousOnHand: 10,
        delta: 2,
        countRef: 'cycle-1',
      },
    });
  });

  it('refuses a count below what is reserved', () => {
    expect(() =>
      decideCountStock(
        { type: 'CountStock', data: { storeId: 'S1', sku: 'A1', onHand: 3, countRef: 'c', threshold: 3 } },
        item,
      ),
    ).toThrow(CountBelowReserved);
  });
});

describe('ReconcileStock', () => {
  const reconcile = (counted: number) =>
    decideReconcileStock(
      {
        type: 'ReconcileStock',
        data: {
          counted,
          reconciliationId: '4b6f1c2e-8d3a-4f5b-9c1d-2e3f4a5b6c7d',
          source: 'legacy',
          threshold: 3,
        },
      },
      item,
    );

  it('emits nothing when the count matches', () => {
    expect(reconcile(10)).toEqual([]);
  });

  it('records the discrepancy when the count differs', () => {
    expect(reconcile(7)[0]).toMatchObject({
      type: 'StockReconciled',
      data: { onHand: 7, previousOnHand: 10, discrepancy: -3 },
    });
  });

  it('refuses a count below what is reserved', () => {
    expect(() => reconcile(2)).toThrow(CountBelowReserved);
  });
});

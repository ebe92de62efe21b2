import { deciderSpec } from '@inventory/testing';
import { StoreNotFound } from '../store/store.errors';
import { reconcileLines, stockItemDecider, type ReconcileStock } from './stock-item.decider';
import type { StockItemEvent, StockLevels } from './stock-item.events';
import { CountBelowReserved } from './stock-item.errors';
import { initialStock, levels } from './stock-item.state';

const catalog = { stores: { S1: 0 }, thresholds: { A1: 3, B2: 3, C3: 3 } };
const spec = deciderSpec(stockItemDecider, catalog);

const at = (sku: string, onHand: number, reserved: number, version: number): StockLevels =>
  levels({ storeId: 'S1', sku, onHand, reserved, version });
/** An item at `onHand` with `reserved` of it promised, at version 5. */
const item = (sku: string, onHand: number, reserved: number): StockItemEvent => ({
  type: 'StockReserved',
  data: { ...at(sku, onHand, reserved, 5), qty: reserved, reservationId: 'r' },
});

describe('CountStock (set-absolute)', () => {
  it('sets on hand and records the difference and the count reference', () => {
    spec
      .given([item('A1', 10, 4)])
      .when({ type: 'CountStock', data: { storeId: 'S1', sku: 'A1', onHand: 12, countRef: 'cycle-1' } })
      .then([
        {
          type: 'StockCounted',
          data: { ...at('A1', 12, 4, 6), previousOnHand: 10, delta: 2, countRef: 'cycle-1' },
        },
      ]);
  });

  it('refuses a count below what is reserved', () => {
    spec
      .given([item('A1', 10, 4)])
      .when({ type: 'CountStock', data: { storeId: 'S1', sku: 'A1', onHand: 3, countRef: 'c' } })
      .thenThrows(CountBelowReserved, 'STOCK.COUNT_BELOW_RESERVED');
  });
});

describe('ReconcileStock', () => {
  const ID = '4b6f1c2e-8d3a-4f5b-9c1d-2e3f4a5b6c7d';
  const reconcile = (counts: Record<string, number>, storeId = 'S1'): ReconcileStock => ({
    type: 'ReconcileStock',
    data: {
      reconciliationId: ID,
      storeId,
      source: 'legacy',
      counts: Object.entries(counts).map(([sku, counted]) => ({ sku, counted })),
    },
  });
  const reconciled = (sku: string, onHand: number, previousOnHand: number): StockItemEvent => ({
    type: 'StockReconciled',
    data: {
      ...at(sku, onHand, 0, 6),
      previousOnHand,
      discrepancy: onHand - previousOnHand,
      reconciliationId: ID,
      source: 'legacy',
    },
  });

  it('emits nothing when the count matches', () => {
    spec
      .given([item('A1', 10, 4)])
      .when(reconcile({ A1: 10 }))
      .then([]);
  });

  it('records the discrepancy when the count differs', () => {
    spec
      .given([item('A1', 10, 0)])
      .when(reconcile({ A1: 7 }))
      .then([reconciled('A1', 7, 10)]);
  });

  it('applies the lines it can: a count below reserved and an unknown product change nothing', () => {
    spec
      .given([item('A1', 10, 0), item('B2', 10, 4)])
      .when(reconcile({ A1: 7, B2: 2, Z9: 5 }))
      .then([reconciled('A1', 7, 10)]);
  });

  it('reports every line that is not a match, and why', () => {
    const stock = [item('A1', 10, 0), item('B2', 10, 4), item('C3', 6, 0)].reduce(
      stockItemDecider.evolve,
      initialStock(catalog),
    );
    const lines = reconcileLines(reconcile({ A1: 7, B2: 2, C3: 6, Z9: 5 }), stock);
    expect(lines.map((line) => [line.sku, line.result])).toEqual([
      ['A1', 'applied'],
      ['B2', 'refused'],
      ['C3', 'matched'],
      ['Z9', 'unknown-product'],
    ]);
    expect(lines[1]).toMatchObject({
      previousOnHand: 10,
      counted: 2,
      error: { code: 'STOCK.COUNT_BELOW_RESERVED' },
    });
  });

  it('refuses a store that is not registered', () => {
    spec
      .given([])
      .when(reconcile({ A1: 1 }, 'S9'))
      .thenThrows(StoreNotFound, 'STORE.NOT_FOUND');
  });
});

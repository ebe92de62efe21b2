import fc from 'fast-check';
import { deciderSpec } from '@inventory/testing';
import { VersionMismatch } from '../shared/domain-error';
import { decideAdjustStock, type AdjustStock } from './adjust-stock.decide';
import type { StockAdjusted, StockItemEvent } from './stock-item.events';
import { InsufficientStock, StockLimitExceeded, ZeroAdjustment } from './stock-item.errors';
import { evolveStockItem, initialStockItemState, MAX_ON_HAND, type StockItemState } from './stock-item.state';

const spec = deciderSpec<AdjustStock, StockItemEvent, StockItemState>({
  decide: decideAdjustStock,
  evolve: evolveStockItem,
  initialState: () => initialStockItemState('S1', 'A1'),
});

const adjust = (delta: number, expectedVersion?: number): AdjustStock => ({
  type: 'AdjustStock',
  data: { storeId: 'S1', sku: 'A1', delta, reason: delta > 0 ? 'restock' : 'sale', expectedVersion },
});

const adjusted = (delta: number, onHand: number, version: number, reserved = 0): StockAdjusted => ({
  type: 'StockAdjusted',
  data: {
    storeId: 'S1',
    sku: 'A1',
    delta,
    reason: delta > 0 ? 'restock' : 'sale',
    onHand,
    reserved,
    available: onHand - reserved,
    version,
  },
});

describe('AdjustStock', () => {
  it('creates the item on its first restock, at version 1', () => {
    spec
      .given([])
      .when(adjust(10))
      .then([adjusted(10, 10, 1)]);
  });

  it('carries the resulting numbers and the next version', () => {
    spec
      .given([adjusted(10, 10, 1)])
      .when(adjust(-3))
      .then([adjusted(-3, 7, 2)]);
  });

  it('may take stock down to exactly zero', () => {
    spec
      .given([adjusted(5, 5, 1)])
      .when(adjust(-5))
      .then([adjusted(-5, 0, 2)]);
  });

  it('refuses to take more than is on hand', () => {
    spec
      .given([adjusted(2, 2, 1)])
      .when(adjust(-3))
      .thenThrows(InsufficientStock, 'STOCK.INSUFFICIENT');
  });

  it('refuses to write off units that are reserved', () => {
    spec
      .given([adjusted(5, 5, 1, 4)])
      .when(adjust(-2))
      .thenThrows(InsufficientStock, 'STOCK.INSUFFICIENT');
  });

  it('refuses a zero delta', () => {
    spec.given([]).when(adjust(0)).thenThrows(ZeroAdjustment, 'STOCK.ZERO_DELTA');
  });

  it('refuses to exceed the per-item limit', () => {
    spec
      .given([adjusted(MAX_ON_HAND, MAX_ON_HAND, 1)])
      .when(adjust(1))
      .thenThrows(StockLimitExceeded);
  });

  it('honours a matching If-Match version', () => {
    spec
      .given([adjusted(10, 10, 1)])
      .when(adjust(1, 1))
      .then([adjusted(1, 11, 2)]);
  });

  it('refuses a stale If-Match version and says the current one', () => {
    let thrown: unknown;
    try {
      decideAdjustStock(adjust(1, 1), { ...initialStockItemState('S1', 'A1'), onHand: 5, version: 3 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VersionMismatch);
    expect(thrown).toMatchObject({ code: 'VERSION.MISMATCH', currentVersion: 3, expectedVersion: 1 });
  });

  it('never lets on hand go negative nor below reserved, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 60 }), (deltas) => {
        let state = initialStockItemState('S1', 'A1');
        for (const delta of deltas) {
          try {
            state = decideAdjustStock(adjust(delta), state).reduce(evolveStockItem, state);
          } catch {
            // a refused command leaves the state as it was
          }
          expect(state.onHand).toBeGreaterThanOrEqual(0);
          expect(state.reserved).toBeLessThanOrEqual(state.onHand);
        }
      }),
    );
  });

  it('numbers each accepted change with the next version, with no gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 40 }), (deltas) => {
        let state = initialStockItemState('S1', 'A1');
        let accepted = 0;
        for (const delta of deltas) {
          try {
            state = decideAdjustStock(adjust(delta), state).reduce(evolveStockItem, state);
            accepted++;
          } catch {
            // refused
          }
        }
        expect(state.version).toBe(accepted);
      }),
    );
  });
});

import { deciderSpec } from '@inventory/testing';
import { ProductNotFound } from '../product/product.errors';
import { VersionMismatch } from '../shared/domain-error';
import { StoreNotFound } from '../store/store.errors';
import { stockItemDecider, type AdjustStock } from './stock-item.decider';
import type { StockItemEvent, StockLevels } from './stock-item.events';
import { InsufficientStock, StockLimitExceeded, ZeroAdjustment } from './stock-item.errors';
import { MAX_ON_HAND } from './stock-item.state';

const THRESHOLD = 3;
const spec = deciderSpec(stockItemDecider, { stores: { S1: 0 }, thresholds: { A1: THRESHOLD } });

const adjust = (delta: number, expectedVersion?: number): AdjustStock => ({
  type: 'AdjustStock',
  data: {
    storeId: 'S1',
    sku: 'A1',
    delta,
    reason: delta > 0 ? 'restock' : 'sale',
    expectedVersion,
  },
});

const at = (onHand: number, version: number, reserved = 0): StockLevels => ({
  storeId: 'S1',
  sku: 'A1',
  onHand,
  reserved,
  available: onHand - reserved,
  version,
});

const adjusted = (delta: number, onHand: number, version: number, reserved = 0): StockItemEvent => ({
  type: 'StockAdjusted',
  data: { ...at(onHand, version, reserved), delta, reason: delta > 0 ? 'restock' : 'sale' },
});
const alert = (
  type: 'StockLow' | 'StockDepleted' | 'StockReplenished',
  onHand: number,
  version: number,
  reserved = 0,
) => ({ type, data: { ...at(onHand, version, reserved), threshold: THRESHOLD } }) as StockItemEvent;

describe('AdjustStock', () => {
  it('creates the item on its first restock, at version 1', () => {
    spec
      .given([])
      .when(adjust(10))
      .then([adjusted(10, 10, 1)]);
  });

  it('reports a first stock at or below the threshold as low', () => {
    spec
      .given([])
      .when(adjust(2))
      .then([adjusted(2, 2, 1), alert('StockLow', 2, 1)]);
  });

  it('raises StockReplenished when available rises back above the threshold', () => {
    spec
      .given([adjusted(2, 2, 1)])
      .when(adjust(5))
      .then([adjusted(5, 7, 2), alert('StockReplenished', 7, 2)]);
  });

  it('carries the resulting numbers and the next version', () => {
    spec
      .given([adjusted(10, 10, 1)])
      .when(adjust(-3))
      .then([adjusted(-3, 7, 2)]);
  });

  it('raises StockLow when available falls to the threshold', () => {
    spec
      .given([adjusted(10, 10, 1)])
      .when(adjust(-7))
      .then([adjusted(-7, 3, 2), alert('StockLow', 3, 2)]);
  });

  it('raises StockDepleted when available reaches zero', () => {
    spec
      .given([adjusted(5, 5, 1)])
      .when(adjust(-5))
      .then([adjusted(-5, 0, 2), alert('StockDepleted', 0, 2)]);
  });

  it('raises no alert while available stays in the same band', () => {
    spec
      .given([adjusted(2, 2, 1)])
      .when(adjust(1))
      .then([adjusted(1, 3, 2)]);
  });

  it('refuses to take more than is on hand, and emits nothing', () => {
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
      stockItemDecider.decide(
        adjust(1, 1),
        [adjusted(5, 5, 1), adjusted(1, 6, 2), adjusted(-1, 5, 3)].reduce(
          stockItemDecider.evolve,
          stockItemDecider.initialState({ stores: { S1: 0 }, thresholds: { A1: THRESHOLD } }),
        ),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VersionMismatch);
    expect(thrown).toMatchObject({ code: 'VERSION.MISMATCH', currentVersion: 3, expectedVersion: 1 });
  });

  it('refuses an unknown store before an unknown product, and both before the If-Match check', () => {
    const elsewhere = deciderSpec(stockItemDecider, { stores: {}, thresholds: {} });
    elsewhere.given([]).when(adjust(1, 7)).thenThrows(StoreNotFound, 'STORE.NOT_FOUND');
    deciderSpec(stockItemDecider, { stores: { S1: 0 }, thresholds: {} })
      .given([])
      .when(adjust(1, 7))
      .thenThrows(ProductNotFound, 'PRODUCT.NOT_FOUND');
  });
});

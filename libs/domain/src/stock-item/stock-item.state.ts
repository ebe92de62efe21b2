import { assertNever } from '../shared/exhaustive';
import type { StockItemEvent, StockLevels } from './stock-item.events';

/** Far above any real shelf, far below the storage type's limit. */
export const MAX_ON_HAND = 1_000_000_000;

/** The threshold products get when they do not name one (seeds/002). */
export const DEFAULT_LOW_STOCK_THRESHOLD = 3;

/** One item's stream: one SKU in one store. */
export interface StockItemState {
  storeId: string;
  sku: string;
  onHand: number;
  reserved: number;
  /** 0 until the first event: the item's stream is empty. */
  version: number;
}

export function initialStockItemState(storeId: string, sku: string): StockItemState {
  return { storeId, sku, onHand: 0, reserved: 0, version: 0 };
}

export function available(state: Pick<StockItemState, 'onHand' | 'reserved'>): number {
  return state.onHand - state.reserved;
}

export function levels(state: StockItemState): StockLevels {
  const { storeId, sku, onHand, reserved, version } = state;
  return { storeId, sku, onHand, reserved, available: available(state), version };
}

/** Every stock event carries the resulting numbers, so evolving is taking them (alerts repeat them). */
export function evolveStockItem(state: StockItemState, event: StockItemEvent): StockItemState {
  switch (event.type) {
    case 'StockAdjusted':
    case 'StockCounted':
    case 'StockPurchased':
    case 'StockReserved':
    case 'StockReservationReleased':
    case 'StockReservationConsumed':
    case 'StockTransferredOut':
    case 'StockTransferredIn':
    case 'StockReconciled':
    case 'StockLow':
    case 'StockDepleted':
    case 'StockReplenished':
      return {
        ...state,
        onHand: event.data.onHand,
        reserved: event.data.reserved,
        version: event.data.version,
      };
    default:
      return assertNever(event);
  }
}

export interface ItemKey {
  storeId: string;
  sku: string;
}

export const itemKey = (storeId: string, sku: string) => `${storeId}\u0000${sku}`;

/** What a stock decision reads besides the items: the active stores and the products. */
export interface Catalog {
  /** Active stores with their fulfilment latency in ms. */
  stores: Record<string, number>;
  /** Products' low-stock thresholds by SKU. */
  thresholds: Record<string, number>;
}

/**
 * The state a stock decision works on: the items it may touch (several streams, one per item), with the
 * stores and products they belong to. An item without an entry has no stream yet.
 */
export interface Stock {
  items: ReadonlyMap<string, StockItemState>;
  /** Low-stock thresholds by SKU; a SKU without one is not a product. */
  thresholds: ReadonlyMap<string, number>;
  /** Active stores and their latency in ms; a store without an entry is not registered. */
  stores: ReadonlyMap<string, number>;
  /** The store the previous round-robin purchase of each SKU used. */
  lastRoundRobin: ReadonlyMap<string, string>;
}

export function initialStock(catalog: Catalog): Stock {
  return {
    items: new Map(),
    thresholds: new Map(Object.entries(catalog.thresholds)),
    stores: new Map(Object.entries(catalog.stores)),
    lastRoundRobin: new Map(),
  };
}

export function itemIn(stock: Stock, storeId: string, sku: string): StockItemState {
  return stock.items.get(itemKey(storeId, sku)) ?? initialStockItemState(storeId, sku);
}

/**
 * Applies each event to its item's stream; a round-robin sale also moves that SKU's cursor. The maps
 * are copied once per fold, not once per event: a 1000-line command folds in one pass.
 */
export function foldStock(stock: Stock, events: StockItemEvent[]): Stock {
  if (events.length === 0) return stock;
  const items = new Map(stock.items);
  const lastRoundRobin = new Map(stock.lastRoundRobin);
  for (const event of events) {
    const { storeId, sku } = event.data;
    const key = itemKey(storeId, sku);
    items.set(key, evolveStockItem(items.get(key) ?? initialStockItemState(storeId, sku), event));
    if (event.type === 'StockPurchased' && event.data.policy === 'round-robin')
      lastRoundRobin.set(sku, storeId);
  }
  return { ...stock, items, lastRoundRobin };
}

export function evolveStock(stock: Stock, event: StockItemEvent): Stock {
  return foldStock(stock, [event]);
}

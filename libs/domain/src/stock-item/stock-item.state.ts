import { assertNever } from '../shared/exhaustive';
import type { StockItemEvent, StockLevels } from './stock-item.events';

/** Far above any real shelf, far below the storage type's limit. */
export const MAX_ON_HAND = 1_000_000_000;

/** The threshold products get when they do not name one (seeds/002). */
export const DEFAULT_LOW_STOCK_THRESHOLD = 3;

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

import { assertExpectedVersion } from '../shared/domain-error';
import type { AdjustmentReason, StockAdjusted } from './stock-item.events';
import { InsufficientStock, StockLimitExceeded, ZeroAdjustment } from './stock-item.errors';
import { available, MAX_ON_HAND, type StockItemState } from './stock-item.state';

export interface AdjustStock {
  type: 'AdjustStock';
  data: { storeId: string; sku: string; delta: number; reason: AdjustmentReason; expectedVersion?: number };
}

/**
 * A relative change. Stock may never drop below what is reserved: units promised to a reservation
 * cannot be written off by an adjustment.
 */
export function decideAdjustStock(command: AdjustStock, state: StockItemState): StockAdjusted[] {
  const { storeId, sku, delta, reason, expectedVersion } = command.data;
  assertExpectedVersion(expectedVersion, state.version);
  if (delta === 0) throw new ZeroAdjustment();
  const onHand = state.onHand + delta;
  if (onHand < state.reserved) throw new InsufficientStock(storeId, sku, -delta, available(state));
  if (onHand > MAX_ON_HAND) throw new StockLimitExceeded(storeId, sku, MAX_ON_HAND);
  const version = state.version + 1;
  return [
    {
      type: 'StockAdjusted',
      data: {
        storeId,
        sku,
        delta,
        reason,
        onHand,
        reserved: state.reserved,
        available: onHand - state.reserved,
        version,
      },
    },
  ];
}

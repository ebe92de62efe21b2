import { assertExpectedVersion } from '../shared/domain-error';
import { changeStock } from './stock-change';
import type { AdjustmentReason, StockAdjusted, StockAlertEvent } from './stock-item.events';
import { ZeroAdjustment } from './stock-item.errors';
import type { StockItemState } from './stock-item.state';

export interface AdjustStock {
  type: 'AdjustStock';
  data: {
    storeId: string;
    sku: string;
    delta: number;
    reason: AdjustmentReason;
    threshold: number;
    expectedVersion?: number;
  };
}

/**
 * A relative change. Stock may never drop below what is reserved: units promised to a reservation
 * cannot be written off by an adjustment.
 */
export function decideAdjustStock(
  command: AdjustStock,
  state: StockItemState,
): Array<StockAdjusted | StockAlertEvent> {
  const { delta, reason, threshold, expectedVersion } = command.data;
  assertExpectedVersion(expectedVersion, state.version);
  if (delta === 0) throw new ZeroAdjustment();
  return changeStock(
    state,
    { onHand: state.onHand + delta, reserved: state.reserved },
    threshold,
    (levels) => ({
      type: 'StockAdjusted',
      data: { ...levels, delta, reason },
    }),
  );
}

import { assertExpectedVersion } from '../shared/domain-error';
import { changeStock } from './stock-change';
import type { StockAlertEvent, StockCounted } from './stock-item.events';
import { CountBelowReserved } from './stock-item.errors';
import type { StockItemState } from './stock-item.state';

export interface CountStock {
  type: 'CountStock';
  data: {
    storeId: string;
    sku: string;
    onHand: number;
    countRef: string;
    threshold: number;
    expectedVersion?: number;
  };
}

/** An absolute recount. A count below what is reserved is refused: those units are promised. */
export function decideCountStock(
  command: CountStock,
  state: StockItemState,
): Array<StockCounted | StockAlertEvent> {
  const { storeId, sku, onHand, countRef, threshold, expectedVersion } = command.data;
  assertExpectedVersion(expectedVersion, state.version);
  if (onHand < state.reserved) throw new CountBelowReserved(storeId, sku, onHand, state.reserved);
  return changeStock(state, { onHand, reserved: state.reserved }, threshold, (levels) => ({
    type: 'StockCounted',
    data: { ...levels, previousOnHand: state.onHand, delta: onHand - state.onHand, countRef },
  }));
}

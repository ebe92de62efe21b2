import { changeStock } from './stock-change';
import type { StockAlertEvent, StockReconciled } from './stock-item.events';
import { CountBelowReserved } from './stock-item.errors';
import type { StockItemState } from './stock-item.state';

export interface ReconcileStock {
  type: 'ReconcileStock';
  data: { counted: number; reconciliationId: string; source: string; threshold: number };
}

/**
 * Applies one line of an external count. No discrepancy, no event; a count below what is reserved is
 * refused (reported, not applied) because those units are promised.
 */
export function decideReconcileStock(
  command: ReconcileStock,
  state: StockItemState,
): Array<StockReconciled | StockAlertEvent> {
  const { counted, reconciliationId, source, threshold } = command.data;
  if (counted === state.onHand) return [];
  if (counted < state.reserved)
    throw new CountBelowReserved(state.storeId, state.sku, counted, state.reserved);
  return changeStock(state, { onHand: counted, reserved: state.reserved }, threshold, (levels) => ({
    type: 'StockReconciled',
    data: {
      ...levels,
      previousOnHand: state.onHand,
      discrepancy: counted - state.onHand,
      reconciliationId,
      source,
    },
  }));
}

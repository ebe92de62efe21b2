import type { ReconcileStock } from '@inventory/domain';
import type { CreateReconciliationRequest } from './create-reconciliation.request.dto';

/** The snapshot's lines in SKU order; the reconciliation's id is minted here. */
export function reconcileStockCommand(
  request: CreateReconciliationRequest,
  reconciliationId: string,
): ReconcileStock {
  const counts = Object.entries(request.snapshotOnHand)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, counted]) => ({ sku, counted }));
  return {
    type: 'ReconcileStock',
    data: { reconciliationId, storeId: request.storeId, source: request.source ?? 'unspecified', counts },
  };
}

import type { AdjustStock } from '@inventory/domain';
import type { WriteContext } from '@inventory/platform';
import type { AdjustStockRequest } from './adjust-stock.request.dto';

export function adjustStockCommand(request: AdjustStockRequest, context: WriteContext): AdjustStock {
  const { storeId, sku, delta, reason } = request;
  return {
    type: 'AdjustStock',
    data: { storeId, sku, delta, reason, expectedVersion: context.expectedVersion },
  };
}

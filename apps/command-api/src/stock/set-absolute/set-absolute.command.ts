import type { CountStock } from '@inventory/domain';
import type { WriteContext } from '@inventory/platform';
import type { SetAbsoluteRequest } from './set-absolute.request.dto';

export function countStockCommand(request: SetAbsoluteRequest, context: WriteContext): CountStock {
  const { storeId, sku, onHand } = request;
  const countRef = request.countRef ?? 'manual';
  return {
    type: 'CountStock',
    data: { storeId, sku, onHand, countRef, expectedVersion: context.expectedVersion },
  };
}

import type { WriteContext } from '@inventory/platform';
import type { AdjustStockRequest } from './adjust-stock.request.dto';

export class AdjustStockCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: AdjustStockRequest,
  ) {}
}

import type { WriteContext } from '@inventory/platform';
import type { PurchaseRequest } from './purchase.request.dto';

export class PurchaseCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: PurchaseRequest,
  ) {}
}

import type { WriteContext } from '@inventory/platform';
import type { CreateReconciliationRequest } from './create-reconciliation.request.dto';

export class CreateReconciliationCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: CreateReconciliationRequest,
  ) {}
}

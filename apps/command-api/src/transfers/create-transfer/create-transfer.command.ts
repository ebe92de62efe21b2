import type { WriteContext } from '@inventory/platform';
import type { CreateTransferRequest } from './create-transfer.request.dto';

export class CreateTransferCommand {
  constructor(
    readonly context: WriteContext,
    readonly request: CreateTransferRequest,
  ) {}
}

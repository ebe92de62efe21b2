import type { IssuedId } from '@inventory/contracts';

export class GetTransferQuery {
  constructor(readonly transfer: IssuedId) {}
}

import { DomainError } from '../shared/domain-error';

export class SameStoreTransfer extends DomainError {
  readonly code = 'TRANSFER.SAME_STORE';
  readonly kind = 'invalid';

  constructor(storeId: string) {
    super(`a transfer needs two different stores; both are ${storeId}`, { storeId });
  }
}

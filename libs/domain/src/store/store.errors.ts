import { DomainError } from '../shared/domain-error';

export class StoreAlreadyExists extends DomainError {
  readonly code = 'STORE.ALREADY_EXISTS';
  readonly kind = 'conflict';

  constructor(storeId: string) {
    super(`store ${storeId} is already registered`, { storeId });
  }
}

export class StoreNotFound extends DomainError {
  readonly code = 'STORE.NOT_FOUND';
  readonly kind = 'not-found';

  constructor(storeId: string) {
    super(`store ${storeId} is not registered`, { storeId });
  }
}

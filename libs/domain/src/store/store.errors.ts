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

export class NoStoreRegistered extends DomainError {
  readonly code = 'STORE.NONE_REGISTERED';
  readonly kind = 'conflict';

  constructor() {
    super('no store is registered to receive the initial stock; register one with POST /v1/stores');
  }
}

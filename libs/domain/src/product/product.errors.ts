import { DomainError } from '../shared/domain-error';

export class ProductAlreadyExists extends DomainError {
  readonly code = 'PRODUCT.ALREADY_EXISTS';
  readonly kind = 'conflict';

  constructor(sku: string) {
    super(`product ${sku} already exists`, { sku });
  }
}

export class ProductNotFound extends DomainError {
  readonly code = 'PRODUCT.NOT_FOUND';
  readonly kind = 'not-found';

  constructor(sku: string) {
    super(`product ${sku} does not exist; create it with POST /v1/products`, { sku });
  }
}

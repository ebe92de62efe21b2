import { DomainError } from '../shared/domain-error';

export interface ProductCreated {
  type: 'ProductCreated';
  data: { sku: string; name: string; lowStockThreshold: number; version: number };
}

export type ProductEvent = ProductCreated;

export interface ProductState {
  sku: string;
  name: string;
  lowStockThreshold: number;
  /** 0 while the product does not exist. */
  version: number;
}

export interface CreateProduct {
  type: 'CreateProduct';
  data: { sku: string; name: string; lowStockThreshold: number };
}

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

export function initialProductState(sku: string): ProductState {
  return { sku, name: '', lowStockThreshold: 0, version: 0 };
}

export function evolveProduct(_state: ProductState, event: ProductEvent): ProductState {
  const { sku, name, lowStockThreshold, version } = event.data;
  return { sku, name, lowStockThreshold, version };
}

export function decideCreateProduct(command: CreateProduct, state: ProductState): ProductCreated[] {
  if (state.version > 0) throw new ProductAlreadyExists(command.data.sku);
  return [{ type: 'ProductCreated', data: { ...command.data, version: 1 } }];
}

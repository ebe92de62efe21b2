import { assertNever } from '../shared/exhaustive';
import type { ProductEvent } from './product.events';

export interface ProductState {
  sku: string;
  name: string;
  lowStockThreshold: number;
  /** 0 while the product does not exist. */
  version: number;
}

export function initialProductState(sku: string): ProductState {
  return { sku, name: '', lowStockThreshold: 0, version: 0 };
}

export function evolveProduct(_state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductCreated': {
      const { sku, name, lowStockThreshold, version } = event.data;
      return { sku, name, lowStockThreshold, version };
    }
    default:
      return assertNever(event.type);
  }
}

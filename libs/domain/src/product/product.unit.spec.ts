import { deciderSpec } from '@inventory/testing';
import {
  decideCreateProduct,
  evolveProduct,
  initialProductState,
  ProductAlreadyExists,
  type CreateProduct,
  type ProductEvent,
  type ProductState,
} from './product';

const spec = deciderSpec<CreateProduct, ProductEvent, ProductState>({
  decide: decideCreateProduct,
  evolve: evolveProduct,
  initialState: () => initialProductState('A2'),
});

const create: CreateProduct = {
  type: 'CreateProduct',
  data: { sku: 'A2', name: 'New Product', lowStockThreshold: 3 },
};

describe('CreateProduct', () => {
  it('creates a product at version 1 with its low-stock threshold', () => {
    spec
      .given([])
      .when(create)
      .then([{ type: 'ProductCreated', data: { ...create.data, version: 1 } }]);
  });

  it('refuses a SKU that already exists', () => {
    spec
      .given([{ type: 'ProductCreated', data: { ...create.data, version: 1 } }])
      .when(create)
      .thenThrows(ProductAlreadyExists, 'PRODUCT.ALREADY_EXISTS');
  });
});

import { DEFAULT_LOW_STOCK_THRESHOLD, type CreateProduct } from '@inventory/domain';
import type { CreateProductRequest } from './create-product.request.dto';

export function createProductCommand(request: CreateProductRequest): CreateProduct {
  const { sku, name } = request;
  const lowStockThreshold = request.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
  return {
    type: 'CreateProduct',
    data: { sku, name, lowStockThreshold, initialOnHand: request.initialOnHand ?? 0 },
  };
}

export interface ProductCreated {
  type: 'ProductCreated';
  data: { sku: string; name: string; lowStockThreshold: number; version: number };
}

export type ProductEvent = ProductCreated;

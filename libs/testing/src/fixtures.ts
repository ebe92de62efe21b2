import type { ApiClient } from './api-client';
import { uniqueId } from './ids';

/** Registers a fresh store through the API and returns its id. */
export async function newStore(api: ApiClient, latencyMs = 0): Promise<string> {
  const storeId = uniqueId('S');
  const response = await api.post('/v1/stores', { body: { storeId, name: `Store ${storeId}`, latencyMs } });
  if (response.status !== 202)
    throw new Error(`store registration failed: ${response.status} ${response.text}`);
  return storeId;
}

/** Creates a fresh product (no stock) through the API and returns its SKU. */
export async function newProduct(api: ApiClient, lowStockThreshold = 3): Promise<string> {
  const sku = uniqueId('SKU');
  const response = await api.post('/v1/products', {
    body: { sku, name: `Product ${sku}`, lowStockThreshold },
  });
  if (response.status !== 202)
    throw new Error(`product creation failed: ${response.status} ${response.text}`);
  return sku;
}

/** Puts `qty` units of `sku` in `storeId` with a restock adjustment. */
export async function stock(api: ApiClient, storeId: string, sku: string, qty: number): Promise<void> {
  const response = await api.post('/v1/adjustments', {
    body: { storeId, sku, delta: qty, reason: 'restock' },
  });
  if (response.status !== 202) throw new Error(`restock failed: ${response.status} ${response.text}`);
}

import { ApiClient, newStore, stock, uniqueId, newProduct } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/products', () => {
  it('creates a product and places its initial stock in the store holding the least stock', async () => {
    const [busy, empty] = [await newStore(api), await newStore(api)];
    const other = await newProduct(api);
    await stock(api, busy, other, 50);
    // Every other store of the shared test stack may hold stock too; the emptiest one is ours or another empty one.
    const sku = uniqueId('SKU');
    const created = await api.post<{ placement: { storeId: string; onHand: number } }>('/v1/products', {
      body: { sku, name: 'New Product', initialOnHand: 10 },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({
      sku,
      name: 'New Product',
      initialOnHand: 10,
      lowStockThreshold: 3,
      version: 1,
    });
    expect(created.body.placement).toMatchObject({ onHand: 10, available: 10, version: 1 });
    expect(created.body.placement.storeId).not.toBe(busy);
    void empty;
  });

  it('refuses a second product with the same SKU', async () => {
    const sku = await newProduct(api);
    const again = await api.post('/v1/products', { body: { sku, name: 'Again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'PRODUCT.ALREADY_EXISTS' });
  });

  it('makes stock writes for unknown products a 404', async () => {
    const storeId = await newStore(api);
    const response = await api.post('/v1/adjustments', {
      body: { storeId, sku: uniqueId('ghost'), delta: 1, reason: 'restock' },
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'PRODUCT.NOT_FOUND' });
  });
});

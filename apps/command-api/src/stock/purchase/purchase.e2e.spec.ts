import { ApiClient, newProduct, newStore, stock } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/purchase', () => {
  it('sells from the store the policy picks and says which', async () => {
    const [slow, fast] = [await newStore(api, 80), await newStore(api, 5)];
    const sku = await newProduct(api);
    await stock(api, slow, sku, 9);
    await stock(api, fast, sku, 4);

    const highest = await api.post('/v1/purchase', { body: { sku, qty: 1, customerId: 'c1' } });
    expect(highest.status).toBe(202);
    expect(highest.body).toMatchObject({
      storeId: slow,
      sku,
      onHand: 8,
      qty: 1,
      policy: 'highest-available',
    });

    const fastest = await api.post('/v1/purchase', { body: { sku, qty: 2, policy: 'lowest-latency' } });
    expect(fastest.body).toMatchObject({ storeId: fast, onHand: 2, available: 2 });
  });

  it('never oversells: 409 STOCK.INSUFFICIENT when no single store can serve, and nothing changes', async () => {
    const [a, b] = [await newStore(api), await newStore(api)];
    const sku = await newProduct(api);
    await stock(api, a, sku, 3);
    await stock(api, b, sku, 3);
    const refused = await api.post('/v1/purchase', { body: { sku, qty: 4 } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'STOCK.INSUFFICIENT',
      requested: 4,
      available: 3,
      totalAvailable: 6,
    });
    const next = await api.post('/v1/purchase', { body: { sku, qty: 3 } });
    expect(next.body).toMatchObject({ onHand: 0, version: 2 });
  });

  it('answers 404 for an unknown product', async () => {
    const response = await api.post('/v1/purchase', { body: { sku: 'never-created-sku', qty: 1 } });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'PRODUCT.NOT_FOUND' });
  });
});

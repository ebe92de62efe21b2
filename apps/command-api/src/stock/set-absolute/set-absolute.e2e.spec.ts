import { ApiClient, newProduct, newStore, stock } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/items:set-absolute', () => {
  it('sets on hand to the counted number', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 10);
    const counted = await api.post('/v1/items:set-absolute', {
      body: { storeId, sku, onHand: 7, countRef: 'cycle-2025-09-26' },
    });
    expect(counted.status).toBe(202);
    expect(counted.body).toEqual({ storeId, sku, onHand: 7, reserved: 0, available: 7, version: 2 });
  });

  it('answers a stale If-Match with 409, the current version and its ETag', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 10);
    await stock(api, storeId, sku, 1);
    const stale = await api.post('/v1/items:set-absolute', {
      body: { storeId, sku, onHand: 3 },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION.MISMATCH', currentVersion: 2 });
    expect(stale.headers.get('etag')).toBe('"2"');
  });

  it('refuses a count below what is reserved', async () => {
    const [storeId, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, storeId, sku, 10);
    await api.post('/v1/reservations', { body: { storeId, lines: [{ sku, qty: 6 }] } });
    const low = await api.post('/v1/items:set-absolute', { body: { storeId, sku, onHand: 5 } });
    expect(low.status).toBe(409);
    expect(low.body).toMatchObject({ code: 'STOCK.COUNT_BELOW_RESERVED', reserved: 6 });
  });
});

import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/transfers', () => {
  it('moves stock between stores and answers with the completed transfer', async () => {
    const [from, to, sku] = [await newStore(api), await newStore(api), await newProduct(api)];
    await stock(api, from, sku, 10);
    const moved = await api.post('/v1/transfers', {
      body: { fromStore: from, toStore: to, lines: [{ sku, qty: 4 }] },
    });
    expect(moved.status).toBe(202);
    expect(moved.body).toMatchObject({
      fromStore: from,
      toStore: to,
      status: 'COMPLETED',
      lines: [{ sku, qty: 4 }],
    });
    expect(moved.headers.get('location')).toMatch(/^\/v1\/transfers\/[0-9a-f-]{36}$/);
    const source = await api.post('/v1/adjustments', {
      body: { storeId: from, sku, delta: 1, reason: 'restock' },
    });
    expect(source.body).toMatchObject({ onHand: 7 });
    const destination = await api.post('/v1/adjustments', {
      body: { storeId: to, sku, delta: 1, reason: 'restock' },
    });
    expect(destination.body).toMatchObject({ onHand: 5 });
  });

  it('refuses a transfer to the same store, from an unknown store, and beyond the source stock', async () => {
    const [from, sku] = [await newStore(api), await newProduct(api)];
    await stock(api, from, sku, 2);
    const same = await api.post('/v1/transfers', {
      body: { fromStore: from, toStore: from, lines: [{ sku, qty: 1 }] },
    });
    expect(same.status).toBe(422);
    expect(same.body).toMatchObject({ code: 'TRANSFER.SAME_STORE' });
    const unknown = await api.post('/v1/transfers', {
      body: { fromStore: from, toStore: 'no-such-store', lines: [{ sku, qty: 1 }] },
    });
    expect(unknown.status).toBe(404);
    const short = await api.post('/v1/transfers', {
      body: { fromStore: from, toStore: await newStore(api), lines: [{ sku, qty: 3 }] },
    });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ code: 'STOCK.INSUFFICIENT' });
  });
});

describe('GET /v1/transfers/{id}', () => {
  it('shows the transfer state from the read side, with the lag header', async () => {
    const [from, to, sku] = [await newStore(api), await newStore(api), await newProduct(api)];
    await stock(api, from, sku, 3);
    const moved = await api.post<{ transferId: string }>('/v1/transfers', {
      body: { fromStore: from, toStore: to, lines: [{ sku, qty: 1 }] },
    });
    const view = await eventually(async () => {
      const read = await api.get(`/v1/transfers/${moved.body.transferId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        transferId: moved.body.transferId,
        status: 'COMPLETED',
        fromStore: from,
        toStore: to,
      });
      return read;
    });
    expect(view.headers.get('x-projection-lag-ms')).toMatch(/^\d+$/);
    expect(view.headers.get('etag')).toBe('"2"');
  });

  it('answers 404 for an id it never issued and 400 for a malformed one', async () => {
    expect((await api.get('/v1/transfers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/v1/transfers/not-a-uuid')).status).toBe(404);
    expect((await api.get(`/v1/transfers/${'x'.repeat(65)}`)).status).toBe(400);
  });
});

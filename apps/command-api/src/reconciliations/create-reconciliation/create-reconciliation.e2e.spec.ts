import { ApiClient, newProduct, newStore, stock } from '@inventory/testing';

const api = new ApiClient();

describe('POST /v1/reconciliations', () => {
  it('applies an external count and reports every discrepancy', async () => {
    const storeId = await newStore(api);
    const [same, more, fewer, reserved] = [
      await newProduct(api),
      await newProduct(api),
      await newProduct(api),
      await newProduct(api),
    ];
    await stock(api, storeId, same, 5);
    await stock(api, storeId, more, 5);
    await stock(api, storeId, fewer, 5);
    await stock(api, storeId, reserved, 5);
    await api.post('/v1/reservations', { body: { storeId, lines: [{ sku: reserved, qty: 4 }] } });

    const report = await api.post<{ checked: number; matched: number; discrepancies: unknown[] }>(
      '/v1/reconciliations',
      {
        body: {
          storeId,
          source: 'legacy_sync',
          snapshotOnHand: { [same]: 5, [more]: 8, [fewer]: 2, [reserved]: 1, 'no-such-sku': 3 },
        },
      },
    );
    expect(report.status).toBe(202);
    expect(report.body).toMatchObject({ storeId, source: 'legacy_sync', checked: 5, matched: 1 });
    expect(report.body.discrepancies).toEqual(
      expect.arrayContaining([
        { sku: more, previousOnHand: 5, counted: 8, discrepancy: 3, applied: true },
        { sku: fewer, previousOnHand: 5, counted: 2, discrepancy: -3, applied: true },
        expect.objectContaining({
          sku: reserved,
          applied: false,
          problem: expect.objectContaining({ code: 'STOCK.COUNT_BELOW_RESERVED' }),
        }),
        expect.objectContaining({
          sku: 'no-such-sku',
          applied: false,
          problem: expect.objectContaining({ code: 'PRODUCT.NOT_FOUND' }),
        }),
      ]),
    );
    const after = await api.post('/v1/adjustments', {
      body: { storeId, sku: more, delta: 1, reason: 'restock' },
    });
    expect(after.body).toMatchObject({ onHand: 9 });
  });

  it('answers 404 for an unknown store', async () => {
    const response = await api.post('/v1/reconciliations', {
      body: { storeId: 'no-such-store', snapshotOnHand: { A1: 1 } },
    });
    expect(response.status).toBe(404);
  });
});

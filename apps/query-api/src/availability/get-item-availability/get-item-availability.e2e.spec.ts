import type { AvailabilityResponse } from '@inventory/contracts';
import { ApiClient, eventually, newProduct, newStore, stock, uniqueId } from '@inventory/testing';
import {
  byStoreId,
  expectFreshRead,
  expectNotModified,
  expectProblem,
  invalidFields,
} from '../../testing/read-expectations';

const api = new ApiClient();

describe('GET /v1/items/{sku}/availability', () => {
  it('breaks a SKU down per store, reserved stock included, with totals across the stores', async () => {
    const [s1, s2] = [await newStore(api), await newStore(api)];
    const sku = await newProduct(api);
    await stock(api, s1, sku, 8);
    await stock(api, s2, sku, 5);
    const reserved = await api.post('/v1/reservations', { body: { storeId: s1, lines: [{ sku, qty: 3 }] } });
    expect(reserved.status).toBe(202);

    const read = await eventually(async () => {
      const response = await api.get<AvailabilityResponse>(`/v1/items/${sku}/availability`);
      expect(response.body).toEqual({
        sku,
        perStore: [
          { storeId: s1, onHand: 8, reserved: 3, available: 5, version: 2 },
          { storeId: s2, onHand: 5, reserved: 0, available: 5, version: 1 },
        ].sort(byStoreId),
        totalOnHand: 13,
        totalReserved: 3,
        totalAvailable: 10,
      });
      return response;
    });
    expectFreshRead(read);
  });

  it('answers 304 while nothing changed, and the new numbers with a new ETag after a change', async () => {
    const storeId = await newStore(api);
    const sku = await newProduct(api);
    await stock(api, storeId, sku, 4);
    const first = await eventually(async () => {
      const response = await api.get<AvailabilityResponse>(`/v1/items/${sku}/availability`);
      expect(response.body.totalOnHand).toBe(4);
      return response;
    });
    const etag = first.headers.get('etag')!;
    expectNotModified(
      await api.get(`/v1/items/${sku}/availability`, { headers: { 'if-none-match': etag } }),
      etag,
    );

    await stock(api, storeId, sku, 1);
    await eventually(async () => {
      const changed = await api.get<AvailabilityResponse>(`/v1/items/${sku}/availability`, {
        headers: { 'if-none-match': etag },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.totalOnHand).toBe(5);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });
  });

  it('answers 404 problem+json for a SKU nobody stocks and 400 for a malformed one', async () => {
    expectProblem(
      await api.get(`/v1/items/${uniqueId('never')}/availability`),
      404,
      'AVAILABILITY.NOT_FOUND',
    );
    expect(invalidFields(await api.get('/v1/items/has%20space/availability'))).toEqual(['sku']);
  });
});

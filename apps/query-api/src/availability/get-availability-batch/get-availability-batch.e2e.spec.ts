import type { AvailabilityBatchResponse } from '@inventory/contracts';
import { ApiClient, eventually, newProduct, newStore, stock, uniqueId } from '@inventory/testing';
import {
  byStoreId,
  expectFreshRead,
  expectNotModified,
  expectProblem,
  invalidFields,
} from '../../testing/read-expectations';

const api = new ApiClient();

/** A read: no token and no Idempotency-Key needed. */
const batch = (body: unknown, headers: Record<string, string> = {}) =>
  api.request<AvailabilityBatchResponse>('POST', '/v1/availability:batch', {
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('POST /v1/availability:batch', () => {
  it('answers each SKU once in the order asked, and lists the SKUs nobody stocks', async () => {
    const [s1, s2] = [await newStore(api), await newStore(api)];
    const [both, onlyS2] = [await newProduct(api), await newProduct(api)];
    const unknown = uniqueId('never');
    await stock(api, s1, both, 6);
    await stock(api, s2, both, 1);
    await stock(api, s2, onlyS2, 3);

    const read = await eventually(async () => {
      const response = await batch({ skus: [onlyS2, unknown, both, onlyS2] });
      expect(response.body).toEqual({
        items: [
          {
            sku: onlyS2,
            totalOnHand: 3,
            totalReserved: 0,
            totalAvailable: 3,
            perStore: [{ storeId: s2, onHand: 3, reserved: 0, available: 3, version: 1 }],
          },
          {
            sku: both,
            totalOnHand: 7,
            totalReserved: 0,
            totalAvailable: 7,
            perStore: [
              { storeId: s1, onHand: 6, reserved: 0, available: 6, version: 1 },
              { storeId: s2, onHand: 1, reserved: 0, available: 1, version: 1 },
            ].sort(byStoreId),
          },
        ],
        missing: [unknown],
      });
      return response;
    });
    expectFreshRead(read);

    const inS1 = await batch({ skus: [both, onlyS2], storeId: s1 });
    expect(inS1.body).toEqual({
      items: [
        {
          sku: both,
          totalOnHand: 6,
          totalReserved: 0,
          totalAvailable: 6,
          perStore: [{ storeId: s1, onHand: 6, reserved: 0, available: 6, version: 1 }],
        },
      ],
      missing: [onlyS2],
    });
  });

  it('takes 1000 SKUs in one call', async () => {
    const storeId = await newStore(api);
    const known = [await newProduct(api), await newProduct(api)];
    for (const sku of known) await stock(api, storeId, sku, 2);
    const unknown = Array.from({ length: 998 }, () => uniqueId('never'));
    await eventually(async () => {
      const response = await batch({ skus: [...unknown.slice(0, 500), ...known, ...unknown.slice(500)] });
      expect(response.status).toBe(200);
      expect(response.body.items.map((item) => item.sku)).toEqual(known);
      expect(response.body.missing).toEqual(unknown);
    });
  });

  it('answers 304 to a matching If-None-Match, and 200 with a new ETag after a change', async () => {
    const storeId = await newStore(api);
    const sku = await newProduct(api);
    await stock(api, storeId, sku, 2);
    const body = { skus: [sku] };
    const first = await eventually(async () => {
      const response = await batch(body);
      expect(response.body.items).toHaveLength(1);
      return response;
    });
    const etag = first.headers.get('etag')!;
    expectNotModified(await batch(body, { 'if-none-match': etag }), etag);

    await stock(api, storeId, sku, 5);
    await eventually(async () => {
      const changed = await batch(body, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.body.items[0]!.totalOnHand).toBe(7);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });
  });

  it.each([
    ['1001 SKUs', { skus: Array.from({ length: 1001 }, (_, i) => `A${i}`) }, 'skus'],
    ['no SKUs', { skus: [] }, 'skus'],
    ['a malformed SKU', { skus: ['A1', 'has space'] }, 'skus'],
    ['a SKU that is not a string', { skus: ['A1', 7] }, 'skus'],
    ['a malformed storeId', { skus: ['A1'], storeId: 'S 1' }, 'storeId'],
    ['an unknown field', { skus: ['A1'], limit: 3 }, 'limit'],
  ])('refuses %s with 400 problem+json naming the field', async (_, body, field) => {
    expect(invalidFields(await batch(body))).toEqual([field]);
  });

  it('refuses a body that is not JSON', async () => {
    expectProblem(await batch('{"skus": ['), 400, 'REQUEST.MALFORMED_JSON');
  });
});

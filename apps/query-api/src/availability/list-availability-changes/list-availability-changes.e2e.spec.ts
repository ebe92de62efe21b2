import type { AvailabilityChangesResponse } from '@inventory/contracts';
import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';
import { expectFreshRead, expectNotModified, invalidFields } from '../../testing/read-expectations';

const api = new ApiClient();

const changes = (query: string, headers: Record<string, string> = {}) =>
  api.get<AvailabilityChangesResponse>(`/v1/availability/changes?${query}`, { headers });

/** A store with three stocked SKUs, once the feed shows all three. */
async function storeWithThreeSkus(): Promise<{ storeId: string; skus: string[] }> {
  const storeId = await newStore(api);
  const skus = [await newProduct(api), await newProduct(api), await newProduct(api)];
  for (const [i, sku] of skus.entries()) await stock(api, storeId, sku, i + 1);
  await eventually(async () => {
    const all = await changes(`storeId=${storeId}`);
    expect(all.body.items.map((item) => item.sku).sort()).toEqual([...skus].sort());
  });
  return { storeId, skus };
}

describe('GET /v1/availability/changes', () => {
  it('pages through the changes with its cursor and then shows only what changed after it', async () => {
    const { storeId, skus } = await storeWithThreeSkus();

    const first = await changes(`storeId=${storeId}&limit=2`);
    expectFreshRead(first);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await changes(`storeId=${storeId}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    const seen = [...first.body.items, ...second.body.items];
    expect(seen.map((item) => item.sku).sort()).toEqual([...skus].sort());
    const third = seen.find((item) => item.sku === skus[2])!;
    expect(third).toEqual({
      sku: skus[2],
      storeId,
      onHand: 3,
      reserved: 0,
      available: 3,
      version: 1,
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    await stock(api, storeId, skus[0]!, 10);
    const after = await eventually(async () => {
      const next = await changes(`storeId=${storeId}&cursor=${second.body.nextCursor}`);
      expect(next.body.items).toEqual([
        expect.objectContaining({ sku: skus[0], onHand: 11, available: 11, version: 2 }),
      ]);
      return next;
    });
    // Caught up: the cursor handed out now continues after the new change, not before it.
    const caughtUp = await changes(`storeId=${storeId}&cursor=${after.body.nextCursor}`);
    expect(caughtUp.body.items).toEqual([]);
    expect(caughtUp.body.nextCursor).toEqual(expect.any(String));
  });

  it('lists oldest change first: an item that changes again moves to the end, once', async () => {
    const { storeId, skus } = await storeWithThreeSkus();
    await stock(api, storeId, skus[0]!, 1);
    await eventually(async () => {
      const all = await changes(`storeId=${storeId}`);
      expect(all.body.items).toHaveLength(3);
      expect(all.body.items[2]).toMatchObject({ sku: skus[0], version: 2 });
    });
  });

  it('shows only changes at or after `since`', async () => {
    const { storeId, skus } = await storeWithThreeSkus();
    const all = (await changes(`storeId=${storeId}`)).body.items;
    const times = all.map((item) => Date.parse(item.changedAt)).sort((a, b) => a - b);
    const from = (ms: number) => changes(`storeId=${storeId}&since=${new Date(ms).toISOString()}`);
    expect((await from(times[0]!)).body.items.map((item) => item.sku).sort()).toEqual([...skus].sort());
    expect((await from(times[2]! + 1)).body.items).toEqual([]);
  });

  it('answers 304 for an unchanged full page', async () => {
    const { storeId } = await storeWithThreeSkus();
    const page = await changes(`storeId=${storeId}&limit=2`);
    const etag = page.headers.get('etag')!;
    expectNotModified(await changes(`storeId=${storeId}&limit=2`, { 'if-none-match': etag }), etag);
  });

  it.each([
    ['a cursor it did not issue', 'cursor=bm90LWEtbnVtYmVy', 'cursor'],
    ['a cursor that is not base64url', 'cursor=%2B%2F', 'cursor'],
    ['a time that is not ISO 8601', 'since=yesterday', 'since'],
    ['limit 0', 'limit=0', 'limit'],
    ['limit 1001', 'limit=1001', 'limit'],
    ['a malformed storeId', 'storeId=a%20b', 'storeId'],
    ['an unknown parameter', 'page=2', 'page'],
  ])('refuses %s with 400 problem+json', async (_, query, field) => {
    expect(invalidFields(await changes(query))).toEqual([field]);
  });
});

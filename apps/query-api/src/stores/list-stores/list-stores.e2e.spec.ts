import { ApiClient, eventually, uniqueId } from '@inventory/testing';
import { expectFreshRead, expectNotModified } from '../../testing/read-expectations';
import type { StoreList } from './list-stores.handler';

const api = new ApiClient();

async function register(storeId: string, name: string, latencyMs: number): Promise<void> {
  expect((await api.post('/v1/stores', { body: { storeId, name, latencyMs } })).status).toBe(202);
}

describe('GET /v1/stores', () => {
  it('lists the registered stores by id, with their names and latencies', async () => {
    const [north, south] = [uniqueId('S'), uniqueId('S')];
    await register(north, 'North Mall', 12);
    await register(south, 'South Street', 40);
    const read = await eventually(async () => {
      const response = await api.get<StoreList>('/v1/stores');
      const ours = response.body.items.filter((store) => [north, south].includes(store.storeId));
      expect(ours).toEqual(
        [
          { storeId: north, name: 'North Mall', latencyMs: 12, version: 1 },
          { storeId: south, name: 'South Street', latencyMs: 40, version: 1 },
        ].sort((a, b) => (a.storeId < b.storeId ? -1 : 1)),
      );
      return response;
    });
    expectFreshRead(read);
    const ids = read.body.items.map((store) => store.storeId);
    expect(ids).toEqual([...ids].sort());
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once a store is added', async () => {
    // Other suites register stores meanwhile: wait for a moment when the list stands still.
    const etag = await eventually(async () => {
      const first = await api.get<StoreList>('/v1/stores');
      const tag = first.headers.get('etag')!;
      expectNotModified(await api.get('/v1/stores', { headers: { 'if-none-match': tag } }), tag);
      return tag;
    });

    const added = uniqueId('S');
    await register(added, 'Added', 1);
    await eventually(async () => {
      const changed = await api.get<StoreList>('/v1/stores', { headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.body.items.map((store) => store.storeId)).toContain(added);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });
  });
});

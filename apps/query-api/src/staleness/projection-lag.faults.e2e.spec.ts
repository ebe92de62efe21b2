import {
  AVAILABILITY_CACHE_WARMED_KEY,
  availabilityCacheKey,
  type AvailabilityBatchResponse,
  type AvailabilityResponse,
} from '@inventory/contracts';
import {
  ApiClient,
  eventually,
  newProduct,
  newStore,
  stock,
  SystemControl,
  uniqueId,
} from '@inventory/testing';
import Redis from 'ioredis';
import { expectProblem } from '../testing/read-expectations';

/**
 * What a reader notices when parts of the system stop: the lag header grows while the projector is
 * down and returns to 0 once it caught up; availability keeps its true numbers from PostgreSQL while
 * Redis is down and from Redis while PostgreSQL is down; with both down, a 503 to retry. Serial: it
 * stops the system's projector, Redis and PostgreSQL, and always starts them again.
 */
const api = new ApiClient();
const control = SystemControl.fromEnv();
const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
redis.on('error', () => undefined);

const lagOf = (response: { headers: Headers }) => Number(response.headers.get('x-projection-lag-ms'));
const availability = (sku: string) => api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`);

// Whatever a test left stopped is started again; each call waits until its service answers.
afterAll(async () => {
  await control.startService('postgres');
  await control.startService('redis');
  await control.start('projector');
  redis.disconnect();
}, 120_000);

async function stockedItem(qty: number): Promise<{ storeId: string; sku: string }> {
  const [storeId, sku] = [await newStore(api), await newProduct(api)];
  await stock(api, storeId, sku, qty);
  await eventually(async () => expect((await availability(sku)).body.totalOnHand).toBe(qty));
  return { storeId, sku };
}

it('reports a growing lag while the projector is stopped, and 0 once it has caught up', async () => {
  const { storeId, sku } = await stockedItem(1);
  await control.kill('projector', 'SIGTERM');
  const newStoreId = uniqueId('S');
  try {
    await stock(api, storeId, sku, 2);
    expect(
      (await api.post('/v1/stores', { body: { storeId: newStoreId, name: 'Late', latencyMs: 1 } })).status,
    ).toBe(202);
    const stale = await eventually(async () => {
      const read = await availability(sku);
      expect(read.body.totalOnHand).toBe(1);
      expect(lagOf(read)).toBeGreaterThan(500);
      return read;
    });
    const later = await eventually(async () => {
      const read = await availability(sku);
      expect(lagOf(read)).toBeGreaterThanOrEqual(lagOf(stale) + 500);
      return read;
    });
    expect(later.body.totalOnHand).toBe(1);
    const stores = await api.get<{ items: Array<{ storeId: string }> }>('/v1/stores');
    expect(stores.body.items.map((store) => store.storeId)).not.toContain(newStoreId);
    expect(lagOf(stores)).toBeGreaterThan(500);
  } finally {
    await control.start('projector');
  }
  await eventually(async () => {
    const read = await availability(sku);
    expect(read.body.totalOnHand).toBe(3);
    expect(read.headers.get('x-projection-lag-ms')).toBe('0');
  }, 30_000);
  await eventually(async () => {
    const stores = await api.get<{ items: Array<{ storeId: string }> }>('/v1/stores');
    expect(stores.body.items.map((store) => store.storeId)).toContain(newStoreId);
    expect(stores.headers.get('x-projection-lag-ms')).toBe('0');
  }, 30_000);
}, 90_000);

it('serves true availability from PostgreSQL while Redis is down', async () => {
  const { storeId, sku } = await stockedItem(5);
  await control.stopService('redis');
  try {
    // Written while Redis is away: only PostgreSQL has it.
    await stock(api, storeId, sku, 4);
    await eventually(async () => {
      const read = await availability(sku);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ totalOnHand: 9, perStore: [{ storeId, onHand: 9, version: 2 }] });
    }, 20_000);
    const item = await api.get<AvailabilityResponse>(`/v1/items/${sku}/availability`);
    expect(item.body.totalOnHand).toBe(9);
    const batch = await api.request<AvailabilityBatchResponse>('POST', '/v1/availability:batch', {
      headers: { 'content-type': 'application/json' },
      body: { skus: [sku] },
    });
    expect(batch.body.items[0]).toMatchObject({ sku, totalOnHand: 9 });
  } finally {
    await control.startService('redis');
  }
  await eventually(async () => expect((await availability(sku)).body.totalOnHand).toBe(9));
}, 90_000);

it('serves availability from Redis while PostgreSQL is down, and a 503 to retry when both are', async () => {
  const { storeId, sku } = await stockedItem(6);
  // The projector writes Redis after PostgreSQL commits, and warms it after a restart: wait for both.
  await eventually(async () => {
    if (redis.status !== 'ready') await redis.connect().catch(() => undefined);
    expect(await redis.exists(AVAILABILITY_CACHE_WARMED_KEY)).toBe(1);
    expect(await redis.hget(availabilityCacheKey(sku), storeId)).toMatch(/^1,6,0$/);
  }, 20_000);
  await control.stopService('postgres');
  try {
    const read = await availability(sku);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ totalOnHand: 6, perStore: [{ storeId, onHand: 6 }] });
    const stores = await api.get('/v1/stores');
    expectProblem(stores, 503, 'SERVICE.UNAVAILABLE');
    expect(stores.headers.get('retry-after')).toMatch(/^\d+$/);

    await control.stopService('redis');
    const neither = await availability(sku);
    expectProblem(neither, 503, 'SERVICE.UNAVAILABLE');
    expect(neither.headers.get('retry-after')).toMatch(/^\d+$/);
  } finally {
    await control.startService('postgres');
    await control.startService('redis');
  }
  await eventually(async () => {
    expect((await availability(sku)).body.totalOnHand).toBe(6);
    expect((await api.get('/v1/stores')).status).toBe(200);
  }, 30_000);
}, 120_000);

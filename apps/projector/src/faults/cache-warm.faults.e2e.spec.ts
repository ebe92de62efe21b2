import { availabilityCacheKey } from '@inventory/contracts';
import { ApiClient, eventually, newProduct, newStore, stock } from '@inventory/testing';
import Redis from 'ioredis';

/**
 * Redis emptied (FLUSHALL, as after a restart without persistence): the projector notices and warms
 * it from PostgreSQL in bulk, and reads never stop meanwhile (they fall back to PostgreSQL).
 */
const api = new ApiClient();
const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });

beforeAll(() => redis.connect());
afterAll(() => redis.quit());

it('refills the cache after Redis lost its data, answering reads all along', async () => {
  const storeIds = [await newStore(api), await newStore(api)];
  const sku = await newProduct(api);
  await stock(api, storeIds[0]!, sku, 7);
  await stock(api, storeIds[1]!, sku, 4);
  await eventually(async () => expect(await redis.hlen(availabilityCacheKey(sku))).toBe(2));

  await redis.flushall();
  const read = await api.get<{ totalOnHand: number; perStore: unknown[] }>(`/v1/availability?sku=${sku}`);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ totalOnHand: 11, perStore: [expect.anything(), expect.anything()] });

  const cached = await eventually(
    async () => {
      const fields = await redis.hgetall(availabilityCacheKey(sku));
      expect(Object.keys(fields).sort()).toEqual([...storeIds].sort());
      return fields;
    },
    15_000,
    100,
  );
  expect(cached[storeIds[0]!]).toMatch(/^1,7,0$/);
  expect(cached[storeIds[1]!]).toMatch(/^1,4,0$/);
}, 30_000);

import { availabilityCacheKey } from '@inventory/contracts';
import {
  ApiClient,
  databaseUrls,
  eventually,
  newProduct,
  newStore,
  stock,
  tokenFor,
} from '@inventory/testing';
import Redis from 'ioredis';
import { Pool } from 'pg';

/**
 * The safety net: a read model damaged behind the projector's back (a wrong row, a lost timeline row,
 * a wrong cache entry) is found by the check and re-projected from the event store.
 */
const api = new ApiClient();
const admin = api.as(tokenFor('ops', ['admin']));
/** The read database: the damage is done where the projector writes. */
const db = new Pool({ connectionString: databaseUrls().read, max: 2 });
const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });

interface Report {
  discrepancies: Array<{ kind: string; id: string }>;
}

beforeAll(() => redis.connect());
afterAll(async () => {
  redis.disconnect();
  await db.end();
});

it('finds a damaged read model and repairs it from the event store', async () => {
  const storeId = await newStore(api);
  const sku = await newProduct(api);
  await stock(api, storeId, sku, 6);
  const item = `${storeId}:${sku}`;
  await eventually(async () => expect(await redis.hget(availabilityCacheKey(sku), storeId)).toBe('1,6,0'));

  await db.query(
    `UPDATE read.availability_view SET on_hand = 60, available = 60 WHERE store_id = $1 AND sku = $2`,
    [storeId, sku],
  );
  await db.query(`DELETE FROM read.event_timeline WHERE store_id = $1 AND sku = $2`, [storeId, sku]);
  await redis.hset(availabilityCacheKey(sku), storeId, '1,61,0');
  const damaged = await api.get<{ totalOnHand: number }>(`/v1/availability?sku=${sku}`);
  expect(damaged.body.totalOnHand).toBe(61);

  const clerk = api.as(tokenFor('clerk', []));
  expect((await clerk.post('/v1/projections/verify', { body: {} })).status).toBe(403);
  const found = await admin.post<Report>('/v1/projections/verify?lagToleranceMs=0', { body: {} });
  expect(found.status).toBe(200);
  const ours = found.body.discrepancies.filter((d) => d.id === item || d.id === sku);
  expect(ours.map((d) => d.kind).sort()).toEqual(['availability', 'cache', 'product-totals']);
  expect(found.body.discrepancies.some((d) => d.kind === 'timeline-missing')).toBe(true);

  const repaired = await api.get<{ totalOnHand: number }>(`/v1/availability?sku=${sku}`);
  expect(repaired.body.totalOnHand).toBe(6);
  const { rows } = await db.query(
    `SELECT event_type FROM read.event_timeline WHERE store_id = $1 AND sku = $2`,
    [storeId, sku],
  );
  expect(rows.length).toBeGreaterThanOrEqual(1);

  const again = await admin.post<Report>('/v1/projections/verify?lagToleranceMs=0', { body: {} });
  expect(again.body.discrepancies.filter((d) => d.id === item || d.id === sku)).toEqual([]);
}, 30_000);

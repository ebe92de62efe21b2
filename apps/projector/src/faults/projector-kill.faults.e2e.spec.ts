import { ApiClient, eventually, newProduct, newStore, SystemControl } from '@inventory/testing';
import { Pool } from 'pg';

/**
 * The projector SIGKILLed while it applies a stream of stock changes, then restarted: the read model
 * must end equal to the command state, item by item, with every stock event in the timeline once.
 * Runs in the serial fault suite: it kills the system's projector.
 */
const api = new ApiClient();
const control = SystemControl.fromEnv();
const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

const WRITERS = 8;
const WRITES = 2400;

afterAll(async () => {
  await control.start('projector');
  await db.end();
});

async function writeChanges(items: Array<{ storeId: string; sku: string }>, count: number): Promise<number> {
  let next = 0;
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) {
        const i = next++;
        const { storeId, sku } = items[i % items.length]!;
        const answer = await api.post('/v1/adjustments', {
          body: { storeId, sku, delta: 1 + (i % 3), reason: 'restock' },
        });
        if (answer.status !== 202) throw new Error(`adjustment failed: ${answer.status} ${answer.text}`);
        acknowledged++;
      }
    }),
  );
  return acknowledged;
}

async function readModelDiff(storeIds: string[]): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT c.store_id, c.sku, c.on_hand, c.reserved, c.version,
            r.on_hand AS read_on_hand, r.reserved AS read_reserved, r.version AS read_version
       FROM command.stock_items c
       FULL JOIN read.availability_view r ON r.store_id = c.store_id AND r.sku = c.sku
      WHERE (c.store_id = ANY($1) OR r.store_id = ANY($1))
        AND (r.version IS DISTINCT FROM c.version OR r.on_hand IS DISTINCT FROM c.on_hand
             OR r.reserved IS DISTINCT FROM c.reserved OR r.available IS DISTINCT FROM c.on_hand - c.reserved)`,
    [storeIds],
  );
  return rows;
}

it('ends with the read model equal to the command state and each event applied once', async () => {
  const storeIds = [await newStore(api), await newStore(api)];
  const skus = await Promise.all(Array.from({ length: 20 }, () => newProduct(api)));
  const items = storeIds.flatMap((storeId) => skus.map((sku) => ({ storeId, sku })));

  const writing = writeChanges(items, WRITES);
  // Kill it once it is busy applying this stream (some, not all, of it applied).
  await eventually(async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM read.event_timeline WHERE store_id = ANY($1)`,
      [storeIds],
    );
    expect(rows[0]!.n).toBeGreaterThan(WRITES / 6);
  }, 60_000);
  await control.kill('projector', 'SIGKILL');
  const acknowledged = await writing;
  await control.start('projector');

  expect(acknowledged).toBe(WRITES);
  await eventually(async () => expect(await readModelDiff(storeIds)).toEqual([]), 60_000, 250);

  const { rows: timeline } = await db.query<{ missing: number; extra: number; total: number }>(
    `WITH expected AS (
       SELECT event_id FROM command.events
        WHERE stream_type IN ('stock-item', 'stock-alert') AND payload->>'storeId' = ANY($1)),
     seen AS (SELECT event_id FROM read.event_timeline WHERE store_id = ANY($1))
     SELECT (SELECT count(*) FROM expected WHERE event_id NOT IN (SELECT event_id FROM seen))::int AS missing,
            (SELECT count(*) FROM seen WHERE event_id NOT IN (SELECT event_id FROM expected))::int AS extra,
            (SELECT count(*) FROM seen)::int AS total`,
    [storeIds],
  );
  expect(timeline[0]).toEqual({ missing: 0, extra: 0, total: expect.any(Number) });
  expect(timeline[0]!.total).toBeGreaterThanOrEqual(WRITES);

  // Product totals follow the items they sum.
  const { rows: totals } = await db.query(
    `SELECT p.sku FROM read.product_totals_view p
       JOIN (SELECT sku, sum(on_hand)::int AS on_hand FROM command.stock_items WHERE sku = ANY($1) GROUP BY sku) c
         ON c.sku = p.sku
      WHERE p.total_on_hand <> c.on_hand`,
    [skus],
  );
  expect(totals).toEqual([]);
}, 180_000);

import { ApiClient, databaseUrls, eventually, newProduct, newStore, SystemControl } from '@inventory/testing';
import { Pool } from 'pg';

/**
 * The projector SIGKILLed while it applies a stream of stock changes, then restarted: the read model
 * must end equal to the command state, item by item, with every stock event in the timeline once.
 * Runs in the serial fault suite: it kills the system's projector.
 */
const api = new ApiClient();
const control = SystemControl.fromEnv();
// Each schema through its own database: READ_DATABASE_URL may name another one than DATABASE_URL.
const urls = databaseUrls();
const commandDb = new Pool({ connectionString: urls.command, max: 2 });
const readDb = new Pool({ connectionString: urls.read, max: 2 });

const WRITERS = 8;
const WRITES = 2400;

afterAll(async () => {
  await control.start('projector');
  await Promise.all([commandDb.end(), readDb.end()]);
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

interface Levels {
  store_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  available?: number;
  version: number;
}

/** Items whose read row differs from the command state (or exists on one side only). */
async function readModelDiff(storeIds: string[]): Promise<unknown[]> {
  const [command, read] = await Promise.all([
    commandDb.query<Levels>(
      `SELECT store_id, sku, on_hand, reserved, version FROM command.stock_items WHERE store_id = ANY($1)`,
      [storeIds],
    ),
    readDb.query<Levels>(
      `SELECT store_id, sku, on_hand, reserved, available, version FROM read.availability_view
        WHERE store_id = ANY($1)`,
      [storeIds],
    ),
  ]);
  const key = (row: Levels) => `${row.store_id}:${row.sku}`;
  const projected = new Map(read.rows.map((row) => [key(row), row]));
  const differing: unknown[] = [];
  for (const c of command.rows) {
    const r = projected.get(key(c));
    projected.delete(key(c));
    const same =
      r !== undefined &&
      r.version === c.version &&
      r.on_hand === c.on_hand &&
      r.reserved === c.reserved &&
      r.available === c.on_hand - c.reserved;
    if (!same) differing.push({ command: c, read: r ?? null });
  }
  for (const r of projected.values()) differing.push({ command: null, read: r });
  return differing;
}

it('ends with the read model equal to the command state and each event applied once', async () => {
  const storeIds = [await newStore(api), await newStore(api)];
  const skus = await Promise.all(Array.from({ length: 20 }, () => newProduct(api)));
  const items = storeIds.flatMap((storeId) => skus.map((sku) => ({ storeId, sku })));

  const writing = writeChanges(items, WRITES);
  // Kill it once it is busy applying this stream (some, not all, of it applied).
  await eventually(async () => {
    const { rows } = await readDb.query<{ n: number }>(
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

  const [expected, seen] = await Promise.all([
    commandDb.query<{ event_id: string }>(
      `SELECT event_id FROM command.events
        WHERE stream_type IN ('stock-item', 'stock-alert') AND payload->>'storeId' = ANY($1)`,
      [storeIds],
    ),
    readDb.query<{ event_id: string }>(`SELECT event_id FROM read.event_timeline WHERE store_id = ANY($1)`, [
      storeIds,
    ]),
  ]);
  const expectedIds = new Set(expected.rows.map((row) => row.event_id));
  const seenIds = new Set(seen.rows.map((row) => row.event_id));
  const timeline = {
    missing: [...expectedIds].filter((id) => !seenIds.has(id)).length,
    extra: [...seenIds].filter((id) => !expectedIds.has(id)).length,
    total: seenIds.size,
  };
  expect(timeline).toEqual({ missing: 0, extra: 0, total: expect.any(Number) });
  expect(timeline.total).toBeGreaterThanOrEqual(WRITES);

  // Product totals follow the items they sum.
  const [sums, projectedTotals] = await Promise.all([
    commandDb.query<{ sku: string; on_hand: number }>(
      `SELECT sku, sum(on_hand)::int AS on_hand FROM command.stock_items WHERE sku = ANY($1) GROUP BY sku`,
      [skus],
    ),
    readDb.query<{ sku: string; total_on_hand: number }>(
      `SELECT sku, total_on_hand FROM read.product_totals_view WHERE sku = ANY($1)`,
      [skus],
    ),
  ]);
  const onHand = new Map(sums.rows.map((row) => [row.sku, row.on_hand]));
  const totals = projectedTotals.rows
    .filter((row) => onHand.has(row.sku) && onHand.get(row.sku) !== row.total_on_hand)
    .map((row) => row.sku);
  expect(totals).toEqual([]);
}, 180_000);

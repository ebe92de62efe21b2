import { randomUUID } from 'node:crypto';
import type { ProblemError, WriteContext } from '@inventory/platform';
import { CommandHarness } from '../testing/command-harness';

const harness = new CommandHarness();
const database = harness.database;

function context(key = randomUUID(), body: unknown = {}): WriteContext {
  return { ...harness.context(body, key), path: '/v1/adjustments' };
}

const registerStore = () => harness.newStore();
const newProduct = () => harness.newProduct();

afterAll(() => harness.close());

describe('CommandStore against PostgreSQL', () => {
  it('serialises concurrent first writes of a new item: every one applies, versions 1..n, no gaps', async () => {
    const storeId = await registerStore();
    const sku = await newProduct();
    const n = 20;
    const results = await Promise.all(
      Array.from({ length: n }, () => harness.adjust(storeId, sku, 2, context())),
    );
    expect(results.every((result) => result.status === 202)).toBe(true);
    const [item] = await database.query<{ on_hand: number; version: number }>(
      'SELECT on_hand, version FROM command.stock_items WHERE store_id = $1 AND sku = $2',
      [storeId, sku],
    );
    expect(item).toEqual({ on_hand: 2 * n, version: n });
    const events = await database.query<{ stream_version: number }>(
      `SELECT stream_version FROM command.events WHERE stream_type = 'stock-item' AND stream_id = $1 ORDER BY stream_version`,
      [`${storeId}:${sku}`],
    );
    expect(events.map((event) => event.stream_version)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('writes state, event, outbox row and idempotency record in one transaction', async () => {
    const storeId = await registerStore();
    const sku = await newProduct();
    const key = randomUUID();
    await harness.adjust(storeId, sku, 3, context(key));
    const [row] = await database.query<{
      events: number;
      outbox: number;
      keys: number;
      topic: string;
      key: string;
    }>(
      `SELECT (SELECT count(*)::int FROM command.events WHERE stream_type = 'stock-item' AND stream_id = $1) AS events,
              (SELECT count(*)::int FROM command.outbox o JOIN command.events e USING (event_id) WHERE e.stream_type = 'stock-item' AND e.stream_id = $1) AS outbox,
              (SELECT count(*)::int FROM command.idempotency_keys WHERE key = $2) AS keys,
              (SELECT topic FROM command.outbox o JOIN command.events e USING (event_id) WHERE e.stream_type = 'stock-item' AND e.stream_id = $1) AS topic,
              (SELECT o.key FROM command.outbox o JOIN command.events e USING (event_id) WHERE e.stream_type = 'stock-item' AND e.stream_id = $1) AS key`,
      [`${storeId}:${sku}`, key],
    );
    expect(row).toEqual({ events: 1, outbox: 1, keys: 1, topic: 'stock.events', key: `${storeId}:${sku}` });
  });

  it('runs a key once under concurrent retries: the rest replay it or are told it is in flight', async () => {
    const storeId = await registerStore();
    const sku = await newProduct();
    const key = randomUUID();
    const request = { storeId, sku, delta: 1, reason: 'restock' as const };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => harness.adjust(storeId, sku, 1, context(key, request))),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value.status).toBe(202);
      else
        expect(outcome.reason).toMatchObject({
          status: 409,
          code: 'IDEMPOTENCY.IN_PROGRESS',
        } satisfies Partial<ProblemError>);
    }
    const [{ count }] = await database.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM command.events WHERE stream_type = 'stock-item' AND stream_id = $1",
      [`${storeId}:${sku}`],
    );
    expect(count).toBe(1);
  });

  it('stores a domain refusal under its key and writes nothing else', async () => {
    const storeId = await registerStore();
    const sku = await newProduct();
    const key = randomUUID();
    const refused = await harness.adjust(storeId, sku, -1, context(key));
    expect(refused.status).toBe(409);
    const [row] = await database.query<{ items: number; events: number; status: number }>(
      `SELECT (SELECT count(*)::int FROM command.stock_items WHERE store_id = $1) AS items,
              (SELECT count(*)::int FROM command.events WHERE stream_type = 'stock-item' AND stream_id = $2) AS events,
              (SELECT status FROM command.idempotency_keys WHERE key = $3) AS status`,
      [storeId, `${storeId}:${sku}`, key],
    );
    expect(row).toEqual({ items: 0, events: 0, status: 409 });
  });
});

import { randomUUID } from 'node:crypto';
import { Database } from '@inventory/persistence';
import { createLogger, loadConfig, Metrics, ProblemError, type WriteContext } from '@inventory/platform';
import { uniqueId } from '@inventory/testing';
import { AdjustStockCommand } from '../stock/adjust-stock/adjust-stock.command';
import { AdjustStockHandler } from '../stock/adjust-stock/adjust-stock.handler';
import { CreateProductCommand } from '../products/create-product/create-product.command';
import { CreateProductHandler } from '../products/create-product/create-product.handler';
import { RegisterStoreCommand } from '../stores/register-store/register-store.command';
import { RegisterStoreHandler } from '../stores/register-store/register-store.handler';
import { BacklogGuard } from './backlog-guard';
import { CommandStore } from './command-store';
import { OutboxNotifier } from './outbox-notifier';

const config = loadConfig('command-api', { ...process.env, DEV_MODE: 'true', DB_POOL_SIZE: '24' });
const database = new Database({ ...config.database, applicationName: 'command-store-test' });
const backlog = new BacklogGuard(database, config, createLogger('test', 'silent'), new Metrics('test'));
const commands = new CommandStore(database, new OutboxNotifier(database), config, backlog);
const adjustHandler = new AdjustStockHandler(commands);
const registerHandler = new RegisterStoreHandler(commands);
const productHandler = new CreateProductHandler(commands);

async function newProduct(): Promise<string> {
  const sku = uniqueId('SKU');
  await productHandler.execute(new CreateProductCommand(context(), { sku, name: 'Int product' }));
  return sku;
}

function context(key = randomUUID(), body: unknown = {}): WriteContext {
  return {
    principal: { id: 'int-test', roles: [] },
    idempotencyKey: key,
    fingerprint: JSON.stringify(body),
    method: 'POST',
    path: '/v1/adjustments',
    traceId: randomUUID().replaceAll('-', ''),
  };
}

async function registerStore(): Promise<string> {
  const storeId = uniqueId('S');
  await registerHandler.execute(new RegisterStoreCommand(context(), { storeId, name: 'Int' }));
  return storeId;
}

afterAll(() => database.close());

describe('CommandStore against PostgreSQL', () => {
  it('serialises concurrent first writes of a new item: every one applies, versions 1..n, no gaps', async () => {
    const storeId = await registerStore();
    const sku = await newProduct();
    const n = 20;
    const results = await Promise.all(
      Array.from({ length: n }, () =>
        adjustHandler.execute(
          new AdjustStockCommand(context(), { storeId, sku, delta: 2, reason: 'restock' }),
        ),
      ),
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
    await adjustHandler.execute(
      new AdjustStockCommand(context(key), { storeId, sku, delta: 3, reason: 'restock' }),
    );
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
      Array.from({ length: 10 }, () =>
        adjustHandler.execute(new AdjustStockCommand(context(key, request), request)),
      ),
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
    const refused = await adjustHandler.execute(
      new AdjustStockCommand(context(key), { storeId, sku, delta: -1, reason: 'sale' }),
    );
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

import type pg from 'pg';
import { HttpClient } from './http-client.ts';
import { hotSkuOf, skuOf, storeOf, type Dataset } from './dataset.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

type Log = (message: string) => void;

/** The most SKUs one reconciliation takes (the API's limit). */
export const LINES_PER_REQUEST = 1000;

export interface SeedResult {
  stores: number;
  products: number;
  items: number;
  /** Seconds per phase, until the command API acknowledged the last write of it. */
  storesSeconds: number;
  productsSeconds: number;
  itemsSeconds: number;
  itemsPerSecond: number;
  /** From the first write until the relay published everything and the read side shows the last item. */
  projectedSeconds: number;
  events: number;
}

/** Runs `work` over `items` with at most `parallel` in flight. */
export async function inParallel<T>(items: T[], parallel: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function expectAccepted(what: string, answer: Promise<{ status: number; body: string }>) {
  const { status, body } = await answer;
  if (status !== 202) throw new Error(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  return body;
}

/** One reconciliation per (store, chunk of up to 1000 SKUs) setting every item to `onHand(store)`. */
export function countRequests(data: Dataset, onHand: (request: number) => number, requests?: number) {
  const perStore = Math.ceil(data.skus / LINES_PER_REQUEST);
  const total = requests ?? perStore * data.stores;
  return Array.from({ length: total }, (_, r) => {
    const store = (r % data.stores) + 1;
    const chunk = Math.floor(r / data.stores) % perStore;
    const first = chunk * LINES_PER_REQUEST + 1;
    const last = Math.min(data.skus, first + LINES_PER_REQUEST - 1);
    const snapshotOnHand: Record<string, number> = {};
    for (let n = first; n <= last; n++) snapshotOnHand[skuOf(data, n)] = onHand(r);
    return { storeId: storeOf(data, store), snapshotOnHand, source: 'bench' };
  });
}

/** Waits until `ready()` holds, polling; fails after `timeoutMs`. */
export async function until(what: string, ready: () => Promise<boolean>, timeoutMs: number, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000}s`);
    await sleep(everyMs);
  }
}

/**
 * The seed's scale through the public API, so every item has real events that the relay publishes and
 * the projector folds: stores and products one request each (32 in flight), then every item's stock
 * through the bulk path, reconciliations of 1000 SKUs (4 in flight). The hot SKU gets `hotStock` units
 * spread over the stores.
 */
export async function seed(
  baseUrl: string,
  db: pg.Pool,
  data: Dataset,
  hotStock: number,
  log: Log,
): Promise<SeedResult> {
  const client = new HttpClient(baseUrl, 32);
  const began = performance.now();
  const [{ events: eventsBefore }] = (
    await db.query<{ events: number }>('SELECT count(*)::int AS events FROM command.events')
  ).rows as [{ events: number }];
  const stores = Array.from({ length: data.stores }, (_, i) => storeOf(data, i + 1));
  await inParallel(stores, 32, async (storeId) => {
    await expectAccepted(
      'store',
      client.post('/v1/stores', { storeId, name: storeId, latencyMs: stores.indexOf(storeId) }),
    );
  });
  const storesSeconds = (performance.now() - began) / 1000;
  const products = [...Array.from({ length: data.skus }, (_, i) => skuOf(data, i + 1)), hotSkuOf(data)];
  await inParallel(products, 32, async (sku) => {
    await expectAccepted('product', client.post('/v1/products', { sku, name: `bench ${sku}` }));
  });
  const productsSeconds = (performance.now() - began) / 1000 - storesSeconds;
  log(
    `seed: ${data.stores} stores, ${products.length} products in ${(storesSeconds + productsSeconds).toFixed(1)}s`,
  );
  const itemsBegan = performance.now();
  await inParallel(
    countRequests(data, () => data.onHand),
    4,
    async (body) => {
      await expectAccepted('reconciliation', client.post('/v1/reconciliations', body));
    },
  );
  const perStore = Math.floor(hotStock / data.stores);
  await inParallel(stores, 20, async (storeId) => {
    const body = { storeId, sku: hotSkuOf(data), delta: perStore, reason: 'restock' };
    await expectAccepted('hot stock', client.post('/v1/adjustments', body));
  });
  const itemsSeconds = (performance.now() - itemsBegan) / 1000;
  const items = data.stores * data.skus;
  log(
    `seed: ${items} items in ${itemsSeconds.toFixed(1)}s (${Math.round(items / itemsSeconds)}/s); waiting for the read side`,
  );
  const last = skuOf(data, data.skus);
  await until(
    'seeded items on the read side',
    async () => {
      const answer = await client.get(`/v1/availability?sku=${encodeURIComponent(last)}`);
      if (answer.status !== 200) return false;
      const body = JSON.parse(answer.body) as { perStore: Array<{ onHand: number }> };
      return body.perStore.length === data.stores && body.perStore.every((row) => row.onHand === data.onHand);
    },
    600_000,
  );
  await until('seeded events published', async () => !(await anyUnpublished(db)), 600_000);
  const projectedSeconds = (performance.now() - began) / 1000;
  const [{ events }] = (
    await db.query<{ events: number }>('SELECT count(*)::int AS events FROM command.events')
  ).rows as [{ events: number }];
  client.close();
  return {
    stores: data.stores,
    products: products.length,
    items,
    storesSeconds: round(storesSeconds),
    productsSeconds: round(productsSeconds),
    itemsSeconds: round(itemsSeconds),
    itemsPerSecond: Math.round(items / itemsSeconds),
    projectedSeconds: round(projectedSeconds),
    events: events - eventsBefore,
  };
}

/** Whether any row after `sinceId` waits to be published: stops at the first, so polling stays cheap. */
export async function anyUnpublished(db: pg.Pool, sinceId = '0'): Promise<boolean> {
  const { rows } = await db.query<{ waiting: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM command.outbox WHERE published_at IS NULL AND failed_at IS NULL AND id > $1) AS waiting',
    [sinceId],
  );
  return rows[0]!.waiting;
}

export async function unpublished(db: pg.Pool, sinceId = '0'): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM command.outbox WHERE published_at IS NULL AND failed_at IS NULL AND id > $1',
    [sinceId],
  );
  return rows[0]!.n;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

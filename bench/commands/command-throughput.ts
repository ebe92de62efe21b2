import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { percentile } from '../percentile.ts';

/**
 * Command throughput against a running system: `clients` concurrent clients issue adjustments (and a
 * share of purchases) over `stores × skus` items for `seconds`, through BASE_URL (the gateway).
 * Prints commands/s and latency percentiles. Issue-7's `npm run bench` supersedes it; this is the
 * quick check that needs nothing but a started system.
 */
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '15' },
    stores: { type: 'string', default: '10' },
    skus: { type: 'string', default: '100' },
  },
});
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const TOKEN = process.env.TOKEN ?? 'devtoken';
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const run = randomUUID().slice(0, 8);

async function post(path: string, body: unknown): Promise<number> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

async function setup(): Promise<{ stores: string[]; skus: string[] }> {
  const stores = Array.from({ length: Number(values.stores) }, (_, i) => `bench-${run}-S${i}`);
  const skus = Array.from({ length: Number(values.skus) }, (_, i) => `bench-${run}-P${i}`);
  for (const storeId of stores) await post('/v1/stores', { storeId, name: storeId, latencyMs: 10 });
  for (const sku of skus) await post('/v1/products', { sku, name: sku });
  const restocks = stores.flatMap((storeId) =>
    skus.map((sku) => ({ storeId, sku, delta: 1000, reason: 'restock' })),
  );
  for (let i = 0; i < restocks.length; i += clients) {
    await Promise.all(restocks.slice(i, i + clients).map((body) => post('/v1/adjustments', body)));
  }
  return { stores, skus };
}

async function main(): Promise<void> {
  const { stores, skus } = await setup();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const deadline = Date.now() + seconds * 1000;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const status =
        Math.random() < 0.8
          ? await post('/v1/adjustments', {
              storeId: pick(stores),
              sku: pick(skus),
              delta: pick([-1, 1]),
              reason: 'manual',
            })
          : await post('/v1/purchase', { sku: pick(skus), qty: 1 });
      latencies.push(performance.now() - started);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    clients,
    seconds: Number(elapsed.toFixed(1)),
    commands: latencies.length,
    commandsPerSecond: Math.round(latencies.length / elapsed),
    p50ms: Number(percentile(latencies, 50).toFixed(1)),
    p95ms: Number(percentile(latencies, 95).toFixed(1)),
    p99ms: Number(percentile(latencies, 99).toFixed(1)),
    statuses: Object.fromEntries(statuses),
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

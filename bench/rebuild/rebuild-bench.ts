import { parseArgs } from 'node:util';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

/**
 * Projection rebuild benchmark against a running system (`npm start`, dev mode). Tops `stock.events` up
 * to --events events with reconciliations of 1000 bench products (1000 stock events per request),
 * waits for the live projections to catch up, starts a rebuild and reports its rate and the time the
 * live projections were paused for the swap.
 *
 * npm run bench:rebuild -- [--events 200000] [--gateway http://127.0.0.1:8080] [--token devtoken]
 */
const gatewayFromEnv = process.env.GATEWAY_URL;
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    gateway: { type: 'string', default: gatewayFromEnv ?? 'http://127.0.0.1:8080' },
    token: { type: 'string', default: 'devtoken' },
  },
});
const wanted = Number(values.events);
const SKUS = Array.from({ length: 1000 }, (_, i) => `BENCH-SKU-${i}`);
const STORES = ['BENCH-S1', 'BENCH-S2', 'BENCH-S3', 'BENCH-S4'];
const log = (message: string) =>
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

interface Status {
  projections: Array<{
    name: string;
    consumerLag: number;
    partitions: Array<{ endOffset: number }>;
    rebuild: {
      phase: string;
      progressPercent: number;
      etaSeconds: number | null;
      eventsPerSecond: number;
    } | null;
  }>;
  lastRebuild: {
    id: string;
    outcome: string;
    error: string | null;
    eventsApplied: number;
    eventsPerSecond: number;
    livePausedMs: number | null;
    startedAt: string;
    finishedAt: string;
  } | null;
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; body: T }> {
  for (;;) {
    const answer = await fetch(new URL(path, values.gateway), {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${values.token}`,
        'idempotency-key': key ?? crypto.randomUUID(),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // The outbox backlog is full: the relay is behind; wait for it.
    if (answer.status === 503) {
      await sleep(1000);
      continue;
    }
    return { status: answer.status, body: (await answer.json()) as T };
  }
}

const status = async () => (await call<Status>('GET', '/v1/projections/status')).body;
const stockEvents = (s: Status) =>
  s.projections.find((p) => p.name === 'availability')!.partitions.reduce((sum, p) => sum + p.endOffset, 0);

async function topUp(): Promise<void> {
  const missing = wanted - stockEvents(await status());
  if (missing <= 0) return;
  log(`writing ${missing} stock events`);
  for (const storeId of STORES) {
    await call('POST', '/v1/stores', { storeId, name: storeId, latencyMs: 1 }, `bench-store-${storeId}`);
  }
  for (let i = 0; i < SKUS.length; i += 50) {
    await Promise.all(
      SKUS.slice(i, i + 50).map((sku) =>
        call('POST', '/v1/products', { sku, name: sku }, `bench-product-${sku}`),
      ),
    );
  }
  const rounds = Math.ceil(missing / SKUS.length);
  const seed = Date.now();
  for (let round = 0; round < rounds; round++) {
    const snapshotOnHand = Object.fromEntries(SKUS.map((sku, i) => [sku, 10 + ((seed + round + i) % 97)]));
    const storeId = STORES[round % STORES.length];
    const answer = await call('POST', '/v1/reconciliations', { storeId, snapshotOnHand, source: 'bench' });
    if (answer.status !== 202) throw new Error(`reconciliation refused: ${JSON.stringify(answer.body)}`);
    if (round % 20 === 19) log(`${(round + 1) * SKUS.length} written`);
  }
}

async function main(): Promise<void> {
  await topUp();
  for (let s = await status(); s.projections.some((p) => p.consumerLag > 0); s = await status()) {
    log(
      `waiting for the live projections: ${s.projections.map((p) => `${p.name} ${p.consumerLag}`).join(', ')}`,
    );
    await sleep(2000);
  }
  log(`${stockEvents(await status())} events on stock.events; rebuilding`);
  const started = await call<{ id: string }>('POST', '/v1/projections/rebuild');
  if (started.status !== 202) throw new Error(`rebuild refused: ${JSON.stringify(started.body)}`);
  for (let s = await status(); s.lastRebuild?.id !== started.body.id; s = await status()) {
    const progress = s.projections.find((p) => p.name === 'availability')!.rebuild;
    if (progress) {
      log(
        `${progress.phase} ${progress.progressPercent}% at ${progress.eventsPerSecond} events/s, eta ${progress.etaSeconds ?? '?'} s`,
      );
    }
    await sleep(5000);
  }
  const outcome = (await status()).lastRebuild!;
  const seconds = (Date.parse(outcome.finishedAt) - Date.parse(outcome.startedAt)) / 1000;
  log(
    `${outcome.outcome}${outcome.error ? ` (${outcome.error})` : ''}: ${outcome.eventsApplied} events replayed at ` +
      `${outcome.eventsPerSecond} events/s, ${seconds} s in all; live projections paused ${outcome.livePausedMs} ms`,
  );
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

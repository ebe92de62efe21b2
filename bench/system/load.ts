import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type hdr from 'hdr-histogram-js';
import { HttpClient, type Answer } from './http-client.ts';
import { newHistogram, summarise, type LatencySummary } from './latency.ts';
import { hotSkuOf, pick, skuOf, storeOf, type Dataset } from './dataset.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

/**
 * One scenario's load, run as its own process so the generator's CPU is not the orchestrator's (and
 * shows up on its own line of the resource table). Reads a LoadSpec from --spec, prints one LoadResult
 * as JSON on stdout.
 */
export type LoadSpec =
  | ({ kind: 'commands'; clients: number; seconds: number; warmupSeconds: number } & Common)
  | ({ kind: 'hot'; clients: number; seconds: number } & Common)
  | ({ kind: 'freshness'; rate: number; seconds: number; sampleEvery: number } & Common)
  | ({ kind: 'reads'; clients: number; seconds: number } & Common)
  | ({ kind: 'batch'; clients: number; seconds: number; size: number } & Common);

interface Common {
  baseUrl: string;
  data: Dataset;
  /** Idempotency keys of this scenario start with it, so its writes can be counted in the database. */
  keyPrefix: string;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  perSecond: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
  /** Per command kind: how many were acknowledged with 2xx. */
  acknowledged: Record<string, number>;
  /** Requests answered during the warm-up (not in `requests` or the latencies, but in the CPU spent). */
  warmupRequests?: number;
  /** Freshness only: commands whose version the query API had not shown after the timeout. */
  notSeen?: number;
  /** Freshness only: the commands' own latency (`latency` is the freshness). */
  commandLatency?: LatencySummary;
  errors: number;
  firstError?: string;
}

const FRESHNESS_TIMEOUT_MS = 10_000;
const FRESHNESS_POLL_MS = 1;

class Tally {
  readonly histogram: hdr.Histogram = newHistogram();
  readonly statuses = new Map<number, number>();
  readonly acknowledged = new Map<string, number>();
  errors = 0;
  firstError?: string;
  recording = true;
  unrecorded = 0;

  record(kind: string, started: number, answer: Answer): void {
    if (!this.recording) {
      this.unrecorded++;
      return;
    }
    this.histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    if (answer.status >= 200 && answer.status < 300)
      this.acknowledged.set(kind, (this.acknowledged.get(kind) ?? 0) + 1);
  }

  fail(error: unknown): void {
    this.errors++;
    this.firstError ??= error instanceof Error ? error.message : String(error);
  }

  result(seconds: number, extra: Partial<LoadResult> = {}): LoadResult {
    const requests = this.histogram.totalCount;
    return {
      seconds: Math.round(seconds * 100) / 100,
      requests,
      perSecond: Math.round(requests / seconds),
      latency: summarise(this.histogram),
      statuses: Object.fromEntries(this.statuses),
      acknowledged: Object.fromEntries(this.acknowledged),
      errors: this.errors,
      ...(this.firstError ? { firstError: this.firstError } : {}),
      ...extra,
    };
  }
}

/** Closed loop: `clients` workers, each sending its next request when the previous one answered. */
async function closedLoop(
  clients: number,
  seconds: number,
  tally: Tally,
  next: () => Promise<void>,
): Promise<number> {
  const began = performance.now();
  const deadline = began + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        try {
          await next();
        } catch (error) {
          tally.fail(error);
        }
      }
    }),
  );
  return (performance.now() - began) / 1000;
}

/** 60% adjustments, 25% purchases, 15% one-line reservations, on uniformly chosen items. */
async function commands(spec: Extract<LoadSpec, { kind: 'commands' }>): Promise<LoadResult> {
  const client = new HttpClient(spec.baseUrl, spec.clients);
  const tally = new Tally();
  let n = 0;
  // Warm-up keys do not match `<keyPrefix>-%`, so the lost-command check counts measured commands only.
  let keyPrefix = `${spec.keyPrefix}w`;
  const key = () => `${keyPrefix}-${n++}`;
  const one = async () => {
    const dice = Math.random();
    const started = performance.now();
    const storeId = storeOf(spec.data, pick(spec.data.stores));
    const sku = skuOf(spec.data, pick(spec.data.skus));
    if (dice < 0.6) {
      const delta = Math.random() < 0.5 ? -1 : 1;
      tally.record(
        'adjust',
        started,
        await client.post('/v1/adjustments', { storeId, sku, delta, reason: 'manual' }, key()),
      );
    } else if (dice < 0.85) {
      tally.record('purchase', started, await client.post('/v1/purchase', { sku, qty: 1 }, key()));
    } else {
      const body = { storeId, lines: [{ sku, qty: 1 }], ttlSeconds: 60 };
      tally.record('reserve', started, await client.post('/v1/reservations', body, key()));
    }
  };
  if (spec.warmupSeconds > 0) {
    tally.recording = false;
    await closedLoop(spec.clients, spec.warmupSeconds, tally, one);
    tally.recording = true;
  }
  keyPrefix = spec.keyPrefix;
  const seconds = await closedLoop(spec.clients, spec.seconds, tally, one);
  client.close();
  return tally.result(seconds, { warmupRequests: tally.unrecorded });
}

/** Every client buys one unit of the same SKU, until time is up. */
async function hot(spec: Extract<LoadSpec, { kind: 'hot' }>): Promise<LoadResult> {
  const client = new HttpClient(spec.baseUrl, spec.clients);
  const tally = new Tally();
  const sku = hotSkuOf(spec.data);
  let n = 0;
  const seconds = await closedLoop(spec.clients, spec.seconds, tally, async () => {
    const started = performance.now();
    tally.record(
      'purchase',
      started,
      await client.post('/v1/purchase', { sku, qty: 1 }, `${spec.keyPrefix}-${n++}`),
    );
  });
  client.close();
  return tally.result(seconds);
}

interface Levels {
  version: number;
}

/**
 * Open loop at `rate` adjustments/s; for every `sampleEvery`-th one, the time from its 2xx to the first
 * read through the gateway that shows its version (polled back to back, 1 ms apart).
 */
async function freshness(spec: Extract<LoadSpec, { kind: 'freshness' }>): Promise<LoadResult> {
  const writer = new HttpClient(spec.baseUrl, 64);
  const reader = new HttpClient(spec.baseUrl, 256);
  const tally = new Tally();
  const fresh = newHistogram();
  const total = Math.round(spec.rate * spec.seconds);
  let notSeen = 0;
  const watch = async (storeId: string, sku: string, version: number, acknowledgedAt: number) => {
    const path = `/v1/availability?sku=${encodeURIComponent(sku)}&storeId=${encodeURIComponent(storeId)}`;
    while (performance.now() - acknowledgedAt < FRESHNESS_TIMEOUT_MS) {
      const answer = await reader.get(path);
      if (answer.status === 200) {
        const body = JSON.parse(answer.body) as { perStore: Array<{ storeId: string; version: number }> };
        const seen = body.perStore.find((row) => row.storeId === storeId)?.version ?? 0;
        if (seen >= version) {
          fresh.recordValue(Math.max(1, Math.round((performance.now() - acknowledgedAt) * 1000)));
          return;
        }
      }
      await sleep(FRESHNESS_POLL_MS);
    }
    notSeen++;
  };
  const watches: Promise<void>[] = [];
  const began = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / spec.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const storeId = storeOf(spec.data, pick(spec.data.stores));
    const sku = skuOf(spec.data, pick(spec.data.skus));
    const started = performance.now();
    sends.push(
      writer
        .post('/v1/adjustments', { storeId, sku, delta: 1, reason: 'restock' }, `${spec.keyPrefix}-${i}`)
        .then((answer) => {
          tally.record('adjust', started, answer);
          if (answer.status === 202 && i % spec.sampleEvery === 0) {
            const { version } = JSON.parse(answer.body) as Levels;
            watches.push(watch(storeId, sku, version, performance.now()));
          }
        })
        .catch((error: unknown) => tally.fail(error)),
    );
  }
  await Promise.all(sends);
  const seconds = (performance.now() - began) / 1000;
  await Promise.all(watches);
  writer.close();
  reader.close();
  const result = tally.result(seconds, { notSeen });
  return { ...result, latency: summarise(fresh), commandLatency: result.latency };
}

async function reads(spec: Extract<LoadSpec, { kind: 'reads' }>): Promise<LoadResult> {
  const client = new HttpClient(spec.baseUrl, spec.clients);
  const tally = new Tally();
  const seconds = await closedLoop(spec.clients, spec.seconds, tally, async () => {
    const sku = skuOf(spec.data, pick(spec.data.skus));
    const started = performance.now();
    tally.record('read', started, await client.get(`/v1/availability?sku=${encodeURIComponent(sku)}`));
  });
  client.close();
  return tally.result(seconds);
}

async function batch(spec: Extract<LoadSpec, { kind: 'batch' }>): Promise<LoadResult> {
  const client = new HttpClient(spec.baseUrl, spec.clients);
  const tally = new Tally();
  const seconds = await closedLoop(spec.clients, spec.seconds, tally, async () => {
    // A window of distinct SKUs from a random start (fewer when the data set has fewer).
    const first = pick(spec.data.skus);
    const count = Math.min(spec.size, spec.data.skus);
    const skus = Array.from({ length: count }, (_, i) =>
      skuOf(spec.data, ((first + i - 1) % spec.data.skus) + 1),
    );
    const started = performance.now();
    tally.record('batch', started, await client.query('/v1/availability:batch', { skus }));
  });
  client.close();
  return tally.result(seconds);
}

function run(spec: LoadSpec): Promise<LoadResult> {
  switch (spec.kind) {
    case 'commands':
      return commands(spec);
    case 'hot':
      return hot(spec);
    case 'freshness':
      return freshness(spec);
    case 'reads':
      return reads(spec);
    case 'batch':
      return batch(spec);
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { spec: { type: 'string' } } });
  run(JSON.parse(values.spec ?? '{}') as LoadSpec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export const newKeyPrefix = (scenario: string) => `bench-${scenario}-${randomUUID().slice(0, 8)}`;

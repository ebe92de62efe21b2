import { availabilityCacheKey, encodeCachedLevels, type AvailabilityResponse } from '@inventory/contracts';
import {
  ApiClient,
  databaseUrls,
  eventually,
  newProduct,
  newStore,
  tokenFor,
  type ApiResponse,
  sleep,
} from '@inventory/testing';
import Redis from 'ioredis';
import { Database } from '@inventory/persistence';
import type { ProjectionsStatus } from '../status/projection-status';
import { checkReadModel } from '../verify/read-model-check';
import type { RebuildStarted } from './projection-rebuild';

/**
 * A rebuild against the whole running system: it pauses the live projections for the swap, so it
 * runs in the serial `int-serial` project, never beside other suites.
 */
jest.setTimeout(600_000);

const STORES = 4;
/** Untouched while the rebuild runs: their read rows and cache are damaged first, for the rebuild to mend. */
const QUIET_SKUS = 40;
/** Written throughout the rebuild: nothing written meanwhile may be lost by the swap. */
const BUSY_SKUS = 10;
const CHANGES = 3000;
const WRITERS = 8;
const GHOST_STORE = 'GHOST-STORE';

const api = new ApiClient();
const admin = api.as(tokenFor('ops', ['admin']));
const urls = databaseUrls();
/** The read schema's database, where the rebuild swaps tables; the command state is read from its own. */
const database = new Database({
  url: urls.read,
  poolSize: 6,
  statementTimeoutMs: 60_000,
  applicationName: 'rebuild-e2e',
});
const commandDatabase = new Database({
  url: urls.command,
  poolSize: 2,
  statementTimeoutMs: 60_000,
  applicationName: 'rebuild-e2e-command',
});
const redis = new Redis(process.env.REDIS_URL!);

let stores: string[];
let quiet: string[];
let busy: string[];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function status(): Promise<ProjectionsStatus> {
  const answer = await api.get<ProjectionsStatus>('/v1/projections/status');
  expect(answer.status).toBe(200);
  return answer.body;
}

async function adjust(sku: string, delta: number): Promise<ApiResponse> {
  return api.post('/v1/adjustments', { body: { storeId: pick(stores), sku, delta, reason: 'restock' } });
}

/** Runs `step` over and over on `workers` loops until `stop` is called; collects what went wrong. */
function repeatedly(workers: number, step: () => Promise<string | undefined>) {
  let running = true;
  const failures: string[] = [];
  let done = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const failure = await step().catch((error: unknown) => String(error));
      if (failure) failures.push(failure);
      done++;
    }
  });
  return {
    failures,
    get done() {
      return done;
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

beforeAll(async () => {
  stores = await Promise.all(Array.from({ length: STORES }, () => newStore(api)));
  quiet = await Promise.all(Array.from({ length: QUIET_SKUS }, () => newProduct(api)));
  busy = await Promise.all(Array.from({ length: BUSY_SKUS }, () => newProduct(api)));
  const skus = [...quiet, ...busy];
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < CHANGES) {
        const sku = skus[next++ % skus.length]!;
        const answer = await adjust(sku, 1 + Math.floor(Math.random() * 20));
        if (answer.status !== 202) throw new Error(`adjustment refused: ${answer.status} ${answer.text}`);
      }
    }),
  );
  for (const sku of quiet.slice(0, 10)) {
    const answer = await api.post<{ reservationId: string }>('/v1/reservations', {
      body: { storeId: stores[0], lines: [{ sku, qty: 1 }], ttlSeconds: 3600 },
    });
    if (answer.status !== 202) throw new Error(`reservation refused: ${answer.status} ${answer.text}`);
    const id = answer.body.reservationId;
    if (sku === quiet[0]) await api.post(`/v1/reservations/${id}:confirm`, { body: {} });
    if (sku === quiet[1]) await api.post(`/v1/reservations/${id}:cancel`, { body: {} });
  }
  await eventually(
    async () => expect((await status()).projections.map((p) => p.consumerLag)).toEqual([0, 0, 0, 0]),
    60_000,
    200,
  );
});

afterAll(async () => {
  await Promise.all([database.close(), commandDatabase.close()]);
  redis.disconnect();
});

/** The status once rebuild `id` is over; every status seen until then goes into `seen`. */
async function finishedRebuild(id: string, seen: ProjectionsStatus[] = []): Promise<ProjectionsStatus> {
  return eventually(
    async () => {
      const current = await status();
      seen.push(current);
      expect(current.lastRebuild?.id).toBe(id);
      return current;
    },
    300_000,
    100,
  );
}

/** What a broken read model looks like: wrong numbers, lost events, a store that does not exist. */
async function corruptQuietSkus(): Promise<void> {
  await database.query(
    `UPDATE read.availability_view SET on_hand = on_hand + 1000, available = available + 1000 WHERE sku = ANY($1)`,
    [quiet],
  );
  await database.query(`UPDATE read.product_totals_view SET total_on_hand = -1 WHERE sku = ANY($1)`, [quiet]);
  await database.query(`DELETE FROM read.event_timeline WHERE sku = ANY($1)`, [quiet]);
  for (const sku of quiet) {
    await redis.hset(availabilityCacheKey(sku), GHOST_STORE, encodeCachedLevels(1_000_000, 5, 0));
  }
}

describe('projection rebuild', () => {
  it('replays every projection into new tables while reads are served, then equals the command state', async () => {
    await corruptQuietSkus();
    const corrupted = await api.get<AvailabilityResponse>(`/v1/availability?sku=${quiet[0]}`);
    expect(corrupted.body.perStore.map((row) => row.storeId)).toContain(GHOST_STORE);

    const gatewayReads = repeatedly(3, async () => {
      const sku = pick([...quiet, ...busy]);
      const answer = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`);
      if (answer.status !== 200) return `GET availability ${sku}: ${answer.status} ${answer.text}`;
      if (answer.body.perStore.length === 0) return `GET availability ${sku}: empty`;
    });
    const tableReads = repeatedly(2, async () => {
      const sku = pick([...quiet, ...busy]);
      const rows = await database.query<{ stores: number; totals: number }>(
        `SELECT (SELECT count(*) FROM read.availability_view WHERE sku = $1)::int AS stores,
                (SELECT count(*) FROM read.product_totals_view WHERE sku = $1)::int AS totals`,
        [sku],
      );
      if (rows[0]!.stores === 0 || rows[0]!.totals !== 1)
        return `read tables for ${sku}: ${JSON.stringify(rows[0])}`;
    });
    const writes = repeatedly(1, async () => {
      const answer = await adjust(pick(busy), 1);
      await sleep(20);
      if (answer.status !== 202) return `adjustment: ${answer.status} ${answer.text}`;
    });

    const started = await admin.post<RebuildStarted>('/v1/projections/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'rebuilding', id: expect.any(String) });
    const second = await admin.post('/v1/projections/rebuild');
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect(second.body).toMatchObject({ code: 'REBUILD.RUNNING' });

    const seen: ProjectionsStatus[] = [];
    const finished = await finishedRebuild(started.body.id, seen);
    await Promise.all([gatewayReads.stop(), tableReads.stop(), writes.stop()]);

    expect(finished.lastRebuild).toMatchObject({ outcome: 'completed', error: null });
    expect(finished.projections.map((p) => [p.name, p.state, p.rebuild])).toEqual([
      ['availability', 'live', null],
      ['catalog', 'live', null],
      ['reservations', 'live', null],
      ['transfers', 'live', null],
    ]);
    const during = seen.filter((s) => s.projections.every((p) => p.state === 'rebuilding'));
    expect(during.length).toBeGreaterThan(0);
    const progress = during.map((s) => s.projections[0]!.rebuild!);
    expect(progress[0]).toMatchObject({ id: started.body.id, startedAt: started.body.startedAt });
    expect(progress.at(-1)!.eventsTotal).toBeGreaterThanOrEqual(CHANGES);
    const percents = progress.map((p) => p.progressPercent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.every((p) => p >= 0 && p <= 100)).toBe(true);

    expect(gatewayReads.failures).toEqual([]);
    expect(tableReads.failures).toEqual([]);
    expect(writes.failures).toEqual([]);
    expect(gatewayReads.done).toBeGreaterThan(20);
    expect(tableReads.done).toBeGreaterThan(20);

    for (const sku of quiet.slice(0, 10)) {
      const answer = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`);
      const rows = await commandDatabase.query<{ on_hand: number }>(
        `SELECT coalesce(sum(on_hand), 0)::int AS on_hand FROM command.stock_items WHERE sku = $1`,
        [sku],
      );
      expect(answer.body.perStore.map((row) => row.storeId)).not.toContain(GHOST_STORE);
      expect(answer.body.totalOnHand).toBe(rows[0]!.on_hand);
    }
    // PostgreSQL equals the command state, Redis equals PostgreSQL, and each stock event is in the timeline once.
    await eventually(
      async () => {
        const checked = await checkReadModel(
          { read: database, command: commandDatabase },
          { lagToleranceMs: 0, redis },
        );
        expect(checked.discrepancies).toEqual([]);
      },
      60_000,
      500,
    );
    const [timeline] = await database.query<{ ours: number }>(
      `SELECT count(*)::int AS ours FROM read.event_timeline WHERE sku = ANY($1)`,
      [[...quiet, ...busy]],
    );
    expect(timeline!.ours).toBeGreaterThanOrEqual(CHANGES);

    const { eventsApplied, eventsPerSecond, livePausedMs } = finished.lastRebuild!;
    process.stderr.write(
      `rebuild: ${eventsApplied} events at ${eventsPerSecond} events/s; live consumers paused ${livePausedMs} ms\n`,
    );
  });

  it('gives up without changing anything when the tables cannot be swapped, and stays live', async () => {
    // A long-running query holds a read table for the whole rebuild: the swap cannot lock it.
    const report = await database.pool.connect();
    await report.query('BEGIN');
    await report.query('SELECT count(*) FROM read.product_totals_view');
    const started = await admin.post<RebuildStarted>('/v1/projections/rebuild');
    expect(started.status).toBe(202);
    let finished: ProjectionsStatus;
    try {
      finished = await finishedRebuild(started.body.id);
    } finally {
      await report.query('COMMIT');
      report.release();
    }

    expect(finished.lastRebuild).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/locked/) });
    for (const projection of finished.projections) {
      expect(projection).toMatchObject({ state: 'live', rebuild: null });
      expect(projection.lastError?.message).toContain(started.body.id);
    }
    const shadow = await database.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'read_rebuild'`);
    expect(shadow).toEqual([]);
    // The live projections run again: a new write shows up in reads.
    const sku = quiet[2]!;
    const before = (await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`)).body.totalOnHand;
    expect((await adjust(sku, 7)).status).toBe(202);
    await eventually(async () => {
      const after = await api.get<AvailabilityResponse>(`/v1/availability?sku=${sku}`);
      expect(after.body.totalOnHand).toBe(before + 7);
    });
  });

  it('is for admins only', async () => {
    const anonymous = await api.post('/v1/projections/rebuild', { headers: { authorization: '' } });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'AUTH.UNAUTHORIZED' } });
    const clerk = await api.as(tokenFor('clerk', ['clerk'])).post('/v1/projections/rebuild');
    expect(clerk).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    expect((await status()).projections.every((p) => p.state === 'live')).toBe(true);
  });
});

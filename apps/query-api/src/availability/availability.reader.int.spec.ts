import { AVAILABILITY_CACHE_WARMED_KEY } from '@inventory/contracts';
import { Database, Redis } from '@inventory/persistence';
import { createLogger, Metrics, toProblem } from '@inventory/platform';
import { freePort, uniqueId } from '@inventory/testing';
import { putCached, putRow, readDatabase, redisClient, removeRows } from '../testing/read-stores';
import { AvailabilityReader } from './availability.reader';

const logger = createLogger('test', 'silent');

interface Wiring {
  reader: AvailabilityReader;
  metrics: Metrics;
}

function wire(redis: Redis, database: Database): Wiring {
  const metrics = new Metrics('test');
  return { reader: new AvailabilityReader(redis, database, logger, metrics), metrics };
}

async function cacheCounts(metrics: Metrics): Promise<Record<string, number>> {
  const metric = await metrics.registry.getSingleMetric('query_cache_requests_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.result), v.value]));
}

describe('availability reader against the real read stores', () => {
  const database = readDatabase();
  let redis: Redis;
  let coldRedis: Redis;
  let deadDatabase: Database;
  let deadRedis: Redis;
  const store = uniqueId('S');
  const [cachedSku, storedSku, unknownSku] = [uniqueId('SKU'), uniqueId('SKU'), uniqueId('SKU')];

  beforeAll(async () => {
    const port = await freePort();
    deadDatabase = readDatabase(`postgres://postgres:postgres@127.0.0.1:${port}/inventory`);
    deadRedis = await redisClient(0, `redis://127.0.0.1:${port}`);
    [redis, coldRedis] = [await redisClient(7), await redisClient(8)];
    await redis.set(AVAILABILITY_CACHE_WARMED_KEY, new Date().toISOString());
    // PostgreSQL holds an older version of the cached SKU, so each answer shows where it came from.
    await putRow(database, cachedSku, { storeId: store, onHand: 1, reserved: 0, version: 1 });
    await putCached(redis, cachedSku, { storeId: store, onHand: 9, reserved: 2, version: 4 });
    await putCached(coldRedis, cachedSku, { storeId: store, onHand: 9, reserved: 2, version: 4 });
    await putRow(database, storedSku, { storeId: store, onHand: 5, reserved: 1, version: 2 });
  });

  afterAll(async () => {
    await removeRows(database, [cachedSku, storedSku]);
    await Promise.all([redis.quit(), coldRedis.quit()]);
    deadRedis.disconnect();
    await Promise.all([database.close(), deadDatabase.close()]);
  });

  it('asks Redis once for all SKUs and PostgreSQL once for what Redis lacks', async () => {
    const { reader, metrics } = wire(redis, database);
    const pipelines = jest.spyOn(redis, 'pipeline');
    const queries = jest.spyOn(database, 'query');
    const found = await reader.bySku([cachedSku, storedSku, unknownSku]);
    expect(found.get(cachedSku)).toEqual([
      { storeId: store, onHand: 9, reserved: 2, available: 7, version: 4 },
    ]);
    expect(found.get(storedSku)).toEqual([
      { storeId: store, onHand: 5, reserved: 1, available: 4, version: 2 },
    ]);
    expect(found.has(unknownSku)).toBe(false);
    expect(pipelines).toHaveBeenCalledTimes(1);
    expect(queries).toHaveBeenCalledTimes(1);
    expect(queries.mock.calls[0]![1]).toEqual([[storedSku, unknownSku]]);
    expect(await cacheCounts(metrics)).toMatchObject({ hit: 1, miss: 2 });
    pipelines.mockRestore();
    queries.mockRestore();
  });

  it('reads everything from PostgreSQL when Redis is down', async () => {
    const { reader, metrics } = wire(deadRedis, database);
    const found = await reader.bySku([cachedSku, storedSku]);
    expect(found.get(cachedSku)).toEqual([
      { storeId: store, onHand: 1, reserved: 0, available: 1, version: 1 },
    ]);
    expect(found.get(storedSku)).toMatchObject([{ onHand: 5, version: 2 }]);
    expect(await cacheCounts(metrics)).toMatchObject({ error: 2 });
  });

  it('answers from Redis alone when the read schema is down', async () => {
    const { reader } = wire(redis, deadDatabase);
    const found = await reader.bySku([cachedSku, unknownSku]);
    expect(found.get(cachedSku)).toMatchObject([{ onHand: 9, version: 4 }]);
    expect(found.has(unknownSku)).toBe(false);
  });

  it('does not trust a Redis that lost its data until it is warm again', async () => {
    const { reader, metrics } = wire(coldRedis, database);
    const found = await reader.bySku([cachedSku]);
    expect(found.get(cachedSku)).toMatchObject([{ onHand: 1, version: 1 }]);
    expect(await cacheCounts(metrics)).toMatchObject({ hit: 0, miss: 1 });
    const blind = wire(coldRedis, deadDatabase).reader;
    const error = await blind.bySku([cachedSku]).catch((caught: unknown) => caught);
    expect(toProblem(error).body.status).toBe(503);
  });

  it('is a 503 with Retry-After when neither store can answer', async () => {
    const { reader } = wire(deadRedis, deadDatabase);
    const error = await reader.bySku([cachedSku]).catch((caught: unknown) => caught);
    const { body, headers } = toProblem(error);
    expect(body).toMatchObject({ status: 503, code: 'SERVICE.UNAVAILABLE' });
    expect(headers['retry-after']).toBe('1');
  });
});

import { randomBytes } from 'node:crypto';
import { Database } from '@inventory/persistence';
import { databaseUrls, eventually } from '@inventory/testing';
import { createShadow, swapShadow, type SchemaPair } from './shadow-schema';

/** Scratch schemas of their own: the swap is exercised without touching the system's read schema. */
const suffix = randomBytes(4).toString('hex');
const schemas: SchemaPair = { live: `it_live_${suffix}`, shadow: `it_shadow_${suffix}` };
const { live, shadow } = schemas;
/** The read database, where the projector swaps its tables. */
const database = new Database({
  url: databaseUrls().read,
  poolSize: 20,
  statementTimeoutMs: 10_000,
  applicationName: `shadow-swap-${suffix}`,
});

const rowsOf = async (schema: string) =>
  database.query<{ sku: string; qty: number }>(`SELECT sku, qty FROM ${schema}.items ORDER BY sku`);
const indexesOf = async (schema: string) =>
  (
    await database.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
      [schema],
    )
  ).map((row) => row.indexname);

beforeEach(async () => {
  await database.query(`DROP SCHEMA IF EXISTS ${live} CASCADE`);
  await database.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  await database.query(`CREATE SCHEMA ${live}`);
  await database.query(`CREATE SEQUENCE ${live}.change_seq`);
  await database.query(`
    CREATE TABLE ${live}.items (
      sku text PRIMARY KEY,
      qty integer NOT NULL,
      change_seq bigint NOT NULL DEFAULT nextval('${live}.change_seq'))`);
  await database.query(`CREATE INDEX items_by_change ON ${live}.items (change_seq)`);
  await database.query(
    `CREATE TABLE ${live}.projection_checkpoints (LIKE read.projection_checkpoints INCLUDING ALL)`,
  );
  await database.query(
    `INSERT INTO ${live}.items (sku, qty) SELECT 'sku-' || n, 1 FROM generate_series(1, 5) n`,
  );
  await database.query(
    `INSERT INTO ${live}.projection_checkpoints (projection, topic, partition, next_offset) VALUES ('p', 't', 0, 10)`,
  );
});

afterAll(async () => {
  await database.query(`DROP SCHEMA IF EXISTS ${live} CASCADE`);
  await database.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  await database.close();
});

/** The rebuild's result: every item at qty 2, and a checkpoint past the live one. */
async function rebuildInShadow(nextOffset: number): Promise<void> {
  await createShadow(database, ['items'], schemas);
  await database.query(
    `INSERT INTO ${shadow}.items (sku, qty) SELECT 'sku-' || n, 2 FROM generate_series(1, 5) n`,
  );
  await database.query(
    `INSERT INTO ${shadow}.projection_checkpoints (projection, topic, partition, next_offset) VALUES ('p', 't', 0, $1)`,
    [nextOffset],
  );
}

describe('shadow schema swap', () => {
  it('creates empty tables shaped like the live ones, indexes under the live names', async () => {
    await createShadow(database, ['items'], schemas);
    expect(await indexesOf(shadow)).toEqual(await indexesOf(live));
    expect(await rowsOf(shadow)).toEqual([]);
    const [column] = await database.query<{ default: string }>(
      `SELECT column_default AS default FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = 'items' AND column_name = 'change_seq'`,
      [shadow],
    );
    expect(column!.default).toBe(`nextval('${live}.change_seq'::regclass)`);
  });

  it('queries waiting on the swap read the new table once it commits; none fails', async () => {
    await rebuildInShadow(12);
    const indexes = await indexesOf(live);
    // A reader in the middle of a transaction holds the old table: the swap has to wait for it.
    const blocker = await database.pool.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT count(*) FROM ${live}.items`);
    const swapped = swapShadow(database, ['items'], ['p'], schemas);
    const waiting = async (count: number) =>
      eventually(async () => {
        const [row] = await database.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [`shadow-swap-${suffix}`],
        );
        expect(row!.waiting).toBe(count);
      }, 1500);
    await waiting(1);
    // Readers arriving now queue behind the swap's lock request.
    const reads = Array.from({ length: 10 }, () => rowsOf(live));
    await waiting(11);
    await blocker.query('COMMIT');
    blocker.release();
    await swapped;

    const results = await Promise.allSettled(reads);
    expect(results.map((result) => result.status)).toEqual(Array(10).fill('fulfilled'));
    for (const result of results) {
      expect((result as PromiseFulfilledResult<Array<{ qty: number }>>).value.map((row) => row.qty)).toEqual([
        2, 2, 2, 2, 2,
      ]);
    }
    expect(await indexesOf(live)).toEqual(indexes);
    expect(
      await database.query(`SELECT next_offset FROM ${live}.projection_checkpoints WHERE projection = 'p'`),
    ).toEqual([{ next_offset: '12' }]);
    expect(await database.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [shadow])).toEqual([]);
  });

  it('refuses to swap when the live projection applied events the rebuild has not', async () => {
    await rebuildInShadow(8);
    await expect(swapShadow(database, ['items'], ['p'], schemas)).rejects.toThrow(/not swapped/);
    expect((await rowsOf(live)).map((row) => row.qty)).toEqual([1, 1, 1, 1, 1]);
    expect((await rowsOf(shadow)).map((row) => row.qty)).toEqual([2, 2, 2, 2, 2]);
  });
});

import { randomBytes } from 'node:crypto';
import { Database, type Sql } from '@inventory/persistence';
import { databaseUrls } from '@inventory/testing';
import { loadCommandFacts, type CommandFact } from './command-facts';

/**
 * The transfer on real PostgreSQL, from the command database to a read transaction on the read
 * database (separate ones under `npm test`): a scratch schema of its own on the command side.
 */
const schema = `it_facts_${randomBytes(4).toString('hex')}`;
const urls = databaseUrls();
const options = { poolSize: 2, statementTimeoutMs: 10_000 };
const command = new Database({ ...options, url: urls.command, applicationName: `${schema}-command` });
const read = new Database({ ...options, url: urls.read, applicationName: `${schema}-read` });

const COLUMNS = 'id integer PRIMARY KEY, at timestamptz, doc jsonb, note text';
const scan = (table: string): CommandFact => ({
  table,
  columns: COLUMNS,
  source: `SELECT id, at, doc, note FROM ${schema}.${table}`,
});

/** Loads `facts` as the check does, then returns what `after` reads in the same read transaction. */
function transfer<T>(facts: CommandFact[], chunkRows: number, after: (tx: Sql) => Promise<T>): Promise<T> {
  return read.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await command.transaction(async (source) => {
      await source.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await loadCommandFacts(tx, source, facts, chunkRows);
    });
    return after(tx);
  });
}

const EXACT = `SELECT id, at::text AS at, doc::text AS doc, note FROM`;

beforeAll(async () => {
  await command.query(`CREATE SCHEMA ${schema}`);
  for (const table of ['empty', 'seven', 'six'])
    await command.query(`CREATE TABLE ${schema}.${table} (${COLUMNS})`);
  await command.query(
    `INSERT INTO ${schema}.seven
     SELECT n, timestamptz '2024-02-03 04:05:06.123456+00' + n * interval '1 microsecond',
            jsonb_build_object('n', n, 'nested', jsonb_build_array(1.5, 'a"b', null), 'ü', true),
            CASE WHEN n % 2 = 0 THEN NULL ELSE 'line' || chr(10) || n END
       FROM generate_series(1, 7) n`,
  );
  await command.query(`INSERT INTO ${schema}.six SELECT * FROM ${schema}.seven WHERE id <= 6`);
});

afterAll(async () => {
  await command.query(`DROP SCHEMA ${schema} CASCADE`);
  await Promise.all([command.close(), read.close()]);
});

it('copies every row exactly, across several chunks and at a chunk boundary', async () => {
  const expected = await command.query(`${EXACT} ${schema}.seven ORDER BY id`);
  const copied = await transfer([scan('seven'), scan('six')], 3, async (tx) => ({
    seven: (await tx.query(`${EXACT} pg_temp.seven ORDER BY id`)).rows,
    six: (await tx.query(`${EXACT} pg_temp.six ORDER BY id`)).rows,
  }));
  expect(copied.seven).toEqual(expected);
  expect(copied.six).toEqual(expected.slice(0, 6));
});

it('leaves an empty table for an empty source', async () => {
  const count = await transfer([scan('empty')], 3, async (tx) => {
    const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_temp.empty`);
    return rows[0]!.n;
  });
  expect(count).toBe(0);
});

it('looks up only the keys the read side asks for, chunk by chunk', async () => {
  const lookup: CommandFact = {
    table: 'found',
    columns: COLUMNS,
    // Keys 4..9, of which 8 and 9 do not exist on the command side.
    keys: `SELECT n AS id FROM generate_series(4, 9) n`,
    source: `SELECT t.id, t.at, t.doc, t.note FROM json_to_recordset($1::json) AS k (id int)
               JOIN ${schema}.seven t ON t.id = k.id`,
  };
  const found = await transfer(
    [lookup],
    4,
    async (tx) => (await tx.query(`${EXACT} pg_temp.found ORDER BY id`)).rows,
  );
  expect(found).toEqual(await command.query(`${EXACT} ${schema}.seven WHERE id >= 4 ORDER BY id`));
});

it('drops the temporary tables with the read transaction', async () => {
  await transfer([scan('six')], 3, async () => undefined);
  const left = await read.query(`SELECT 1 FROM pg_class WHERE relname = 'six' AND relpersistence = 't'`);
  expect(left).toEqual([]);
});

import { randomUUID } from 'node:crypto';
import { loadConfig } from '@inventory/platform';
import { Database } from './database';
import { prepared } from './database-pipeline';
import { sleep } from '@inventory/testing';

const config = loadConfig('operator');
const database = new Database({ ...config.database, poolSize: 2, applicationName: 'pipeline-test' });

afterAll(() => database.close());

const ECHO = prepared(`SELECT $1::text AS text, $2::jsonb AS json, $3::text[] AS list, $4::int AS number`);

describe('pipelined transactions against PostgreSQL', () => {
  it('carries values with quotes, backslashes, unicode and nulls exactly', async () => {
    const tricky = `it's a "quote" \\ a backslash \\' both; -- not a comment; ü ✓ 😀`;
    const json = { note: tricky, nested: [tricky, null, 3] };
    // Small values travel as literals, large ones (a bulk command's) as bound parameters.
    for (const text of [tricky, tricky.repeat(1000)]) {
      const row = await database.pipelined(async (tx) => {
        const { rows } = await tx.query(ECHO, [text, JSON.stringify(json), [text, null, 'plain'], null]);
        return rows[0];
      });
      expect(row).toEqual({ text, json, list: [text, null, 'plain'], number: null });
    }
  });

  it('fails a statement that errors for its caller alone, never as an unhandled rejection', async () => {
    // An unhandled rejection ends the process: a server restart mid-transaction did that to the command API.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const failing = database.pipelined((tx) => tx.query(prepared('SELECT 1 / $1::int AS x'), [0]));
      await expect(failing).rejects.toMatchObject({ code: '22012' });
      await sleep(50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('sends deferred writes, small and large, with COMMIT, and none of them when the transaction fails', async () => {
    const key = `pipeline-${randomUUID()}`;
    const insert = prepared(`INSERT INTO command.purchase_cursors (sku, last_store_id) VALUES ($1, $2)`);
    const large = 'L'.repeat(20_000); // bound, not inlined
    await database.pipelined(async (tx) => {
      tx.defer(insert, [key, 'S1']);
      tx.defer(insert, [`${key}-large`, large]);
    });
    const failed = database.pipelined(async (tx) => {
      tx.defer(insert, [`${key}-other`, 'S1']);
      tx.defer(insert, [key, 'S2']); // the same key again: a unique violation at COMMIT
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    const rows = await database.query<{ sku: string; last_store_id: string }>(
      `SELECT sku, last_store_id FROM command.purchase_cursors WHERE sku LIKE $1 ORDER BY sku`,
      [`${key}%`],
    );
    expect(rows).toEqual([
      { sku: key, last_store_id: 'S1' },
      { sku: `${key}-large`, last_store_id: large },
    ]);
    // The connection that saw the failure is usable again: its prepared statements still answer.
    const again = await database.pipelined(async (tx) => (await tx.query(ECHO, ['x', '{}', [], 1])).rows);
    expect(again).toEqual([{ text: 'x', json: {}, list: [], number: 1 }]);
  });
});

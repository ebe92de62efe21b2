import type { Sql } from '@inventory/persistence';
import { loadCommandFacts, type CommandFact } from './command-facts';

/**
 * A connection that plays PostgreSQL's part of the transfer: cursors over given rows, FETCH n, the
 * lookups' `json_agg`, and the inserts into temporary tables (recorded per chunk).
 */
class FakeConnection {
  readonly statements: string[] = [];
  readonly inserted = new Map<string, unknown[][]>();
  readonly lookups: unknown[][] = [];
  private readonly cursors = new Map<string, { rows: unknown[]; at: number; closed: boolean }>();

  constructor(
    private readonly rowsOf: (sql: string) => unknown[] = () => [],
    private readonly lookup: (keys: unknown[]) => unknown[] = () => [],
  ) {}

  get sql(): Sql {
    return this as unknown as Sql;
  }

  openCursors(): string[] {
    return [...this.cursors].filter(([, cursor]) => !cursor.closed).map(([name]) => name);
  }

  async query(text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
    this.statements.push(text.trim().split(/\s+/).slice(0, 3).join(' '));
    const declare =
      /^DECLARE (\w+) NO SCROLL CURSOR FOR SELECT row_to_json\(q\)::text AS row FROM \(([\s\S]*)\) q$/.exec(
        text,
      );
    if (declare) {
      this.cursors.set(declare[1]!, { rows: this.rowsOf(declare[2]!), at: 0, closed: false });
      return { rows: [] };
    }
    const fetch = /^FETCH (\d+) FROM (\w+)$/.exec(text);
    if (fetch) {
      const cursor = this.cursors.get(fetch[2]!)!;
      const rows = cursor.rows.slice(cursor.at, cursor.at + Number(fetch[1]));
      cursor.at += rows.length;
      return { rows: rows.map((row) => ({ row: JSON.stringify(row) })) };
    }
    const close = /^CLOSE (\w+)$/.exec(text);
    if (close) {
      this.cursors.get(close[1]!)!.closed = true;
      return { rows: [] };
    }
    if (text.startsWith('SELECT json_agg(q)::text AS rows')) {
      const keys = JSON.parse(values[0] as string) as unknown[];
      this.lookups.push(keys);
      const found = this.lookup(keys);
      return { rows: [{ rows: found.length > 0 ? JSON.stringify(found) : null }] };
    }
    const insert = /^INSERT INTO pg_temp\.(\w+)/.exec(text);
    if (insert) {
      const chunks = this.inserted.get(insert[1]!) ?? [];
      chunks.push(JSON.parse(values[0] as string) as unknown[]);
      this.inserted.set(insert[1]!, chunks);
    }
    return { rows: [] };
  }
}

const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ id: i + 1, at: `t${i}` }));
const scan = (table: string, source = `SELECT id, at FROM command.${table}`): CommandFact => ({
  table,
  columns: 'id int PRIMARY KEY, at timestamptz',
  source,
});

describe('loading command facts into the read transaction', () => {
  it('creates and analyzes the table of an empty source, inserting nothing', async () => {
    const read = new FakeConnection();
    const command = new FakeConnection(() => []);

    await loadCommandFacts(read.sql, command.sql, [scan('empty')], 3);

    expect(read.statements).toEqual(['CREATE TEMP TABLE', 'ANALYZE pg_temp.empty']);
    expect(read.inserted.get('empty')).toBeUndefined();
    expect(command.openCursors()).toEqual([]);
  });

  it.each([
    [7, 3, [3, 3, 1]],
    [6, 3, [3, 3]],
    [3, 5, [3]],
  ])('copies %i rows in chunks of at most %i, each once and in order', async (count, chunk, sizes) => {
    const read = new FakeConnection();
    const command = new FakeConnection(() => rows(count));

    await loadCommandFacts(read.sql, command.sql, [scan('items')], chunk);

    const chunks = read.inserted.get('items')!;
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(rows(count));
    expect(command.openCursors()).toEqual([]);
  });

  it('looks keys up a chunk at a time and keeps what the command side found', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => ({ id: i + 1 }));
    const read = new FakeConnection(() => keys);
    // Only even ids exist on the command side; the chunk [7, 8] finds 8, the chunk of [1] finds none.
    const command = new FakeConnection(
      () => [],
      (asked) => (asked as Array<{ id: number }>).filter((key) => key.id % 2 === 0),
    );
    const fact: CommandFact = {
      table: 'found',
      columns: 'id int PRIMARY KEY',
      keys: 'SELECT id FROM read.things',
      source: 'SELECT e.id FROM json_to_recordset($1::json) AS k (id int) JOIN command.things e USING (id)',
    };

    await loadCommandFacts(read.sql, command.sql, [fact], 3);

    expect(command.lookups).toEqual([keys.slice(0, 3), keys.slice(3, 6), keys.slice(6)]);
    expect(read.inserted.get('found')!.flat()).toEqual([{ id: 2 }, { id: 4 }, { id: 6 }, { id: 8 }]);
    expect(read.openCursors()).toEqual([]);
  });

  it('asks for no lookup when there are no keys', async () => {
    const read = new FakeConnection(() => []);
    const command = new FakeConnection();
    const fact: CommandFact = {
      table: 'none',
      columns: 'id int',
      keys: 'SELECT 1 WHERE false',
      source: '$1',
    };

    await loadCommandFacts(read.sql, command.sql, [fact], 3);

    expect(command.lookups).toEqual([]);
    expect(read.inserted.get('none')).toBeUndefined();
  });

  it('loads the facts in order, each analyzed before the next one may read it', async () => {
    const read = new FakeConnection();
    const command = new FakeConnection(() => rows(1));

    await loadCommandFacts(read.sql, command.sql, [scan('first'), scan('second')], 3);

    expect(read.statements).toEqual([
      'CREATE TEMP TABLE',
      'INSERT INTO pg_temp.first',
      'ANALYZE pg_temp.first',
      'CREATE TEMP TABLE',
      'INSERT INTO pg_temp.second',
      'ANALYZE pg_temp.second',
    ]);
  });
});

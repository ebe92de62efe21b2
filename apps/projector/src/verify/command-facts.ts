import type { Sql } from '@inventory/persistence';

/**
 * A command-side relation the read-model checks compare with, copied into a temporary table of the
 * read transaction: the read database need not hold the command schema (READ_DATABASE_URL may name
 * another database), so the facts travel from the command connection, a chunk at a time.
 */
export interface CommandFact {
  /** The temporary table on the read connection (`pg_temp.<table>`), dropped when the transaction ends. */
  table: string;
  /** Its column definitions, as in CREATE TABLE; `source` returns columns of the same names. */
  columns: string;
  /**
   * The rows, read on the command connection. Without `keys`, a query scanned whole; with `keys`, a
   * query of `$1`, a JSON array of key objects, returning the rows for those keys.
   */
  source: string;
  /** A query on the read connection whose rows are the keys to look up; may read earlier facts. */
  keys?: string;
}

/** Rows per chunk: each chunk is one JSON text in memory, a few MB at most. */
export const FACT_CHUNK_ROWS = 5000;

/**
 * Loads each fact, in order, into its temporary table on `read`: the whole scan or the rows of its
 * keys, `chunkRows` at a time, so memory stays bounded however big the tables are. Both connections
 * should be inside transactions (cursors live in one); repeatable read gives each side one snapshot.
 */
export async function loadCommandFacts(
  read: Sql,
  command: Sql,
  facts: readonly CommandFact[],
  chunkRows = FACT_CHUNK_ROWS,
): Promise<void> {
  for (const fact of facts) {
    await read.query(`CREATE TEMP TABLE ${fact.table} (${fact.columns}) ON COMMIT DROP`);
    if (fact.keys === undefined) {
      for await (const rows of jsonChunks(command, fact.source, `${fact.table}_rows`, chunkRows)) {
        await insertRows(read, fact.table, rows);
      }
    } else {
      for await (const keys of jsonChunks(read, fact.keys, `${fact.table}_keys`, chunkRows)) {
        const { rows } = await command.query<{ rows: string | null }>(
          `SELECT json_agg(q)::text AS rows FROM (${fact.source}) q`,
          [keys],
        );
        if (rows[0]?.rows) await insertRows(read, fact.table, rows[0].rows);
      }
    }
    // Autovacuum never analyzes temporary tables: without statistics the comparisons plan blind.
    await read.query(`ANALYZE pg_temp.${fact.table}`);
  }
}

/**
 * A query's rows through a cursor, as JSON array texts of at most `chunkRows` rows. JSON as PostgreSQL
 * writes it keeps every value exact (timestamps to the microsecond, jsonb as is) without parsing rows here.
 */
export async function* jsonChunks(
  tx: Sql,
  sql: string,
  cursor: string,
  chunkRows: number,
): AsyncGenerator<string> {
  await tx.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(q)::text AS row FROM (${sql}) q`);
  for (;;) {
    const { rows } = await tx.query<{ row: string }>(`FETCH ${chunkRows} FROM ${cursor}`);
    if (rows.length > 0) yield `[${rows.map((r) => r.row).join(',')}]`;
    if (rows.length < chunkRows) break;
  }
  // Only on success: after an error the transaction is aborted and takes the cursor with it.
  await tx.query(`CLOSE ${cursor}`);
}

async function insertRows(read: Sql, table: string, rows: string): Promise<void> {
  await read.query(
    `INSERT INTO pg_temp.${table} SELECT * FROM json_populate_recordset(NULL::pg_temp.${table}, $1::json)`,
    [rows],
  );
}

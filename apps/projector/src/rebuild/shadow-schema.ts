import type { Database } from '@inventory/persistence';
import type { PoolClient } from 'pg';
import { LIVE_SCHEMA } from '../projections/projection';

/** Where a rebuild writes; reads keep being served from the live schema until the swap. */
export const SHADOW_SCHEMA = 'read_rebuild';

const CHECKPOINTS = 'projection_checkpoints';
/** Readers queue behind the swap's table locks: it gives up (and is retried) rather than hold them long. */
const SWAP_LOCK_TIMEOUT_MS = 2000;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The schema reads are served from and the one a rebuild writes (tests use scratch pairs). */
export interface SchemaPair {
  live: string;
  shadow: string;
}

const READ_SCHEMAS: SchemaPair = { live: LIVE_SCHEMA, shadow: SHADOW_SCHEMA };

/**
 * Shadow indexes paired with the live index of the same definition. `LIKE … INCLUDING ALL` names its
 * indexes after their columns; renaming them to the live names keeps the names stable across rebuilds
 * (migrations refer to indexes by name).
 */
const MATCHING_INDEXES = `
  WITH defs AS (
    SELECT schemaname, tablename, indexname,
           regexp_replace(indexdef, '^(CREATE (UNIQUE )?INDEX )\\S+ ON \\S+', '\\1') AS shape
      FROM pg_indexes
     WHERE schemaname IN ($1, $2) AND tablename = ANY($3))
  SELECT DISTINCT ON (s.indexname) s.indexname AS shadow, l.indexname AS live
    FROM defs l JOIN defs s ON s.tablename = l.tablename AND s.shape = l.shape
   WHERE l.schemaname = $1 AND s.schemaname = $2 AND s.indexname <> l.indexname
   ORDER BY s.indexname, l.indexname`;

/** Privileges granted on the live tables to other roles (e.g. a read-only query role). */
const GRANTS = `
  SELECT c.relname AS "table", a.privilege_type AS privilege,
         CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL aclexplode(c.relacl) a
   WHERE n.nspname = $1 AND c.relname = ANY($2) AND a.grantee <> c.relowner`;

/** A live checkpoint past the shadow's: something applied events the rebuild has not. */
const liveAhead = ({ live, shadow }: SchemaPair) => `
  SELECT l.projection, l.topic, l.partition, l.next_offset AS live, coalesce(s.next_offset, 0) AS shadow
    FROM ${live}.${CHECKPOINTS} l
    LEFT JOIN ${shadow}.${CHECKPOINTS} s USING (projection, topic, partition)
   WHERE l.projection = ANY($1) AND l.next_offset > coalesce(s.next_offset, 0)`;

export async function dropShadow(database: Database, { shadow } = READ_SCHEMAS): Promise<void> {
  await database.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
}

/**
 * Empty copies of `tables` and of the checkpoints table: the live tables' columns, defaults (the
 * availability change sequence stays the global one), constraints, indexes under the same names, and
 * grants.
 */
export async function createShadow(
  database: Database,
  tables: readonly string[],
  schemas = READ_SCHEMAS,
): Promise<void> {
  const { live, shadow } = schemas;
  const all = [...tables, CHECKPOINTS];
  await database.transaction(async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
    await tx.query(`CREATE SCHEMA ${shadow}`);
    for (const table of all) {
      await tx.query(`CREATE TABLE ${shadow}.${table} (LIKE ${live}.${table} INCLUDING ALL)`);
    }
    const renames = await tx.query<{ shadow: string; live: string }>(MATCHING_INDEXES, [live, shadow, all]);
    for (const index of renames.rows) {
      await tx.query(`ALTER INDEX ${shadow}.${ident(index.shadow)} RENAME TO ${ident(index.live)}`);
    }
    await copyGrants(tx, all, schemas);
  });
}

async function copyGrants(tx: PoolClient, tables: string[], { live, shadow }: SchemaPair): Promise<void> {
  const grants = await tx.query<{ table: string; privilege: string; grantee: string }>(GRANTS, [
    live,
    tables,
  ]);
  for (const { table, privilege, grantee } of grants.rows) {
    const to = grantee === 'PUBLIC' ? 'PUBLIC' : ident(grantee);
    await tx.query(`GRANT ${privilege} ON ${shadow}.${ident(table)} TO ${to}`);
  }
}

/**
 * Puts the shadow tables in place of the live ones and the shadow checkpoints in place of the live
 * checkpoints of `projections`, in one transaction. The checkpoints table is locked first, so no
 * projector instance can apply a batch meanwhile; a live checkpoint already past the shadow's would
 * lose events, so the swap refuses it. A query waiting on a dropped table resolves the name again
 * once this commits and reads the new table.
 */
export async function swapShadow(
  database: Database,
  tables: readonly string[],
  projections: readonly string[],
  schemas = READ_SCHEMAS,
): Promise<void> {
  const { live, shadow } = schemas;
  await database.transaction(async (tx) => {
    await tx.query(`SET LOCAL lock_timeout = ${SWAP_LOCK_TIMEOUT_MS}`);
    await tx.query(`LOCK TABLE ${live}.${CHECKPOINTS} IN EXCLUSIVE MODE`);
    const ahead = await tx.query<{ projection: string; topic: string; partition: number }>(
      liveAhead(schemas),
      [projections],
    );
    if (ahead.rows.length > 0) {
      const where = ahead.rows.map((r) => `${r.projection} ${r.topic}[${r.partition}]`).join(', ');
      throw new Error(`the live projection applied events the rebuild has not (${where}); not swapped`);
    }
    for (const table of tables) {
      await tx.query(`DROP TABLE ${live}.${table}`);
      await tx.query(`ALTER TABLE ${shadow}.${table} SET SCHEMA ${live}`);
    }
    const columns = 'projection, topic, partition, next_offset, last_event_at, updated_at';
    await tx.query(`DELETE FROM ${live}.${CHECKPOINTS} WHERE projection = ANY($1)`, [projections]);
    await tx.query(
      `INSERT INTO ${live}.${CHECKPOINTS} (${columns})
       SELECT ${columns} FROM ${shadow}.${CHECKPOINTS} WHERE projection = ANY($1)`,
      [projections],
    );
    await tx.query(`DROP SCHEMA ${shadow} CASCADE`);
  });
}

import { withClient } from '../stack/postgres.ts';

/**
 * Where the read schema lives: READ_DATABASE_URL when given, else a database of its own beside the
 * command database (`inventory` → `inventory_read`, same server and credentials). Kept apart, every
 * run proves the read side never reaches the command schema through its own connection.
 */
export function readDatabaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.READ_DATABASE_URL) return env.READ_DATABASE_URL;
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/${decodeURIComponent(url.pathname.slice(1))}_read`;
  return url.toString();
}

const INVALID_CATALOG_NAME = '3D000';
/** Another start created it first: CREATE DATABASE races surface as either code. */
const ALREADY_CREATED = new Set(['42P04', '23505']);

/** Creates the database `url` names when it does not exist yet, through its server's `postgres` database. */
export async function ensureDatabase(url: string, log: (message: string) => void): Promise<void> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  log(`creating database ${name}`);
  await withClient(maintenance.toString(), async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error: unknown) => {
      if (!ALREADY_CREATED.has((error as { code?: string }).code ?? '')) throw error;
    });
  });
}

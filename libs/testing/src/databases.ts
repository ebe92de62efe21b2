import { loadConfig } from '@inventory/platform';

/**
 * The system's two databases as its apps resolve them: the command schema at DATABASE_URL, the read
 * schema at READ_DATABASE_URL (the same database when unset). A test reads each schema through its
 * own: `npm test` keeps them in separate databases.
 */
export function databaseUrls(env: NodeJS.ProcessEnv = process.env): { command: string; read: string } {
  const { url, readUrl } = loadConfig('operator', { ...env, LOG_LEVEL: 'silent' }).database;
  return { command: url, read: readUrl };
}

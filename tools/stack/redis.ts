import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { Logger } from './log.ts';
import { runLogged, spawnDetached, whichBinary } from './proc.ts';
import { serviceDir, stackPort } from './paths.ts';
import type { Service } from './service.ts';

const PORT = stackPort('REDIS', 56379);
const BINARY = 'redis-server';
// Debian puts it here; sudo-less shells often lack /usr/sbin on PATH.
const EXTRA_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin'];

const dir = (): string => serviceDir('redis');
const logFile = (): string => path.join(dir(), 'redis.log');

// The Debian service is deliberately not used: a private instance on its own port
// and directory keeps tests away from whatever a system Redis holds.
function config(): string {
  return [
    'bind 127.0.0.1',
    `port ${PORT}`,
    'protected-mode yes',
    'daemonize no',
    'supervised no',
    `dir ${path.join(dir(), 'data')}`,
    'dbfilename dump.rdb',
    'appendonly no',
    'save 3600 1 300 100 60 10000',
    'logfile ""',
    'loglevel notice',
    '',
  ].join('\n');
}

async function install(log: Logger): Promise<void> {
  if (userInfo().uid !== 0) {
    throw new Error(
      `${BINARY} not found. Install it, e.g. \`sudo apt-get install -y redis-server\` (Debian/Ubuntu) or ` +
        '`brew install redis` (macOS), or point REDIS_URL at an existing Redis.',
    );
  }
  log('redis: redis-server not found, installing it with apt-get (one-off)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = { command: 'apt-get', logFile: path.join(dir(), 'apt.log'), env };
  await runLogged({ ...apt, args: ['update'] });
  await runLogged({ ...apt, args: ['install', '-y', '--no-install-recommends', 'redis-server'] });
}

async function binary(log: Logger): Promise<string> {
  const found = await whichBinary(BINARY, EXTRA_DIRS);
  if (found) return found;
  await install(log);
  const installed = await whichBinary(BINARY, EXTRA_DIRS);
  if (!installed) throw new Error(`apt-get installed redis-server but ${BINARY} is still not on PATH`);
  return installed;
}

async function prepare(log: Logger): Promise<void> {
  await mkdir(path.join(dir(), 'data'), { recursive: true });
  await binary(log);
  await writeFile(path.join(dir(), 'redis.conf'), config());
}

async function launch(): Promise<ChildProcess> {
  return spawnDetached({
    command: await binary(() => {}),
    args: [path.join(dir(), 'redis.conf')],
    logFile: logFile(),
    cwd: dir(),
  });
}

function authCommand(target: URL): string {
  if (!target.password) return '';
  const password = decodeURIComponent(target.password);
  const user = target.username ? `${decodeURIComponent(target.username)} ` : '';
  return `AUTH ${user}${password}\r\n`;
}

function connect(target: URL): net.Socket {
  const host = target.hostname || '127.0.0.1';
  const port = Number(target.port || 6379);
  return target.protocol === 'rediss:'
    ? tls.connect({ host, port, servername: host })
    : net.connect({ host, port });
}

// A raw inline PING keeps the probe free of client-library reconnect logic.
function probe(redisUrl: string): Promise<void> {
  const target = new URL(redisUrl);
  const auth = authCommand(target);
  return new Promise((resolve, reject) => {
    const socket = connect(target);
    let reply = '';
    const fail = (reason: string): void => {
      socket.destroy();
      reject(new Error(reason));
    };
    socket.setTimeout(3_000, () => fail('timed out waiting for PONG'));
    socket.once('error', (err) => fail(err.message));
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () =>
      socket.write(`${auth}PING\r\n`),
    );
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('+PONG\r\n')) {
        socket.end();
        resolve();
      } else if (reply.startsWith('-') || reply.includes('\r\n-')) {
        fail(`redis replied ${reply.trim()}`);
      }
    });
  });
}

export const redis: Service = {
  name: 'redis',
  envVar: 'REDIS_URL',
  port: PORT,
  localUrl: `redis://127.0.0.1:${PORT}`,
  readyTimeoutMs: 30_000,
  // redis-server rewrites its title to "redis-server 127.0.0.1:<port>", dropping the config path.
  processMarker: () => BINARY,
  stopSignal: 'SIGTERM',
  logFiles: () => [logFile()],
  probe,
  readinessUrl: () => `redis://127.0.0.1:${PORT}`,
  prepare,
  launch,
  afterReady: async () => {},
  purgePaths: () => [dir()],
};

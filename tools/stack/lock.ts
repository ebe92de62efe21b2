import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './log.ts';
import { isRunning } from './proc.ts';
import { stackDir } from './paths.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

// Long enough for a cold start (apt-get + Maven + first Kafka boot) in another process.
const WAIT_MS = 10 * 60_000;

const lockFile = (): string => path.join(stackDir(), 'lock');

async function holder(): Promise<number | null> {
  const pid = Number.parseInt(await readFile(lockFile(), 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) ? pid : null;
}

async function tryAcquire(): Promise<boolean> {
  try {
    await writeFile(lockFile(), `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = await holder();
    // A lock left by a crashed run would otherwise block every later one.
    if (pid === null || !isRunning(pid)) await rm(lockFile(), { force: true });
    return false;
  }
}

// Serialises up/down across processes: `npm start` and a test run may both bring the
// stack up at once, and two of them must not each launch a PostgreSQL.
export async function withStackLock<T>(log: Logger, work: () => Promise<T>): Promise<T> {
  await mkdir(stackDir(), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  let announced = false;
  while (!(await tryAcquire())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${lockFile()} (held by pid ${await holder()})`);
    if (!announced) log(`waiting for another stack command (pid ${await holder()}) to finish`);
    announced = true;
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    await rm(lockFile(), { force: true });
  }
}

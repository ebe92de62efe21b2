import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { TEST_JWT_SECRET } from '../kit/test-secret';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const READY_PREFIX = 'SYSTEM_READY ';
const START_TIMEOUT_MS = 240_000;

declare global {
  var __inventorySystem: ChildProcess | undefined;
}

/**
 * Starts `tools/start/cli.ts` in the background (the same path `npm start` takes) and resolves with the
 * environment it reports once everything is ready. When the environment already names a running system
 * (as `npm test` arranges), nothing is started.
 */
export async function ensureSystem(args: string[], alreadyUp: boolean): Promise<void> {
  if (alreadyUp) return;
  const logDir = path.join(REPO_ROOT, '.stack', 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, 'test-system.log'), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'tools/start/cli.ts'), '--quiet', '--control', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DEV_MODE: 'true', JWT_SECRET: TEST_JWT_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  globalThis.__inventorySystem = child;
  child.stderr!.pipe(log);
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the system did not start in time; see .stack/logs/')),
      START_TIMEOUT_MS,
    );
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as Record<string, string>);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the system failed to start (exit ${code}); see .stack/logs/test-system.log`));
    });
  });
  Object.assign(process.env, env);
}

export async function stopSystem(): Promise<void> {
  const child = globalThis.__inventorySystem;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

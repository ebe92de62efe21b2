import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, stackDir } from '../stack/paths.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

export const APPS = [
  { name: 'command-api', port: 8081 },
  { name: 'query-api', port: 8082 },
  { name: 'outbox-relay', port: 8083 },
  { name: 'projector', port: 8084 },
  { name: 'gateway', port: 8080 },
] as const;

export type AppName = (typeof APPS)[number]['name'];

export interface RunningApp {
  name: AppName;
  url: string;
  logFile: string;
  child: ChildProcess;
}

/**
 * - kafkajs arms negative timers that Node 24 warns about; the warning is noise, not a fault.
 * - V8 sizes the young generation from the machine's memory: on 24 GB it grew to 134 MB per app under
 *   load, most of each app's RSS. 8 MB semi-spaces keep an app near 170 MB (from 280 MB) at the same
 *   CPU (bench/README.md).
 */
export const NODE_FLAGS = ['--disable-warning=TimeoutNegativeWarning', '--max-semi-space-size=8'];

/**
 * The old generation's default limit per app, in MB. Left to itself V8 sizes it from the machine (4 GB
 * here) and collects lazily, so garbage piles up: the command API peaked near 500 MB RSS during the
 * benchmark's bulk load while an idle app's heap holds 30–50 MB. With a limit, V8 collects before it
 * grows. About 70 MB of an app's RSS is not heap (the node binary's own pages alone are ~56 MB), so
 * 96 MB of old generation keeps an app under 200 MB; the gateway keeps no state and needs less
 * (bench/README.md has the peaks per scenario). `<APP>_OLD_SPACE_MB` (e.g. `COMMAND_API_OLD_SPACE_MB`)
 * overrides one app's limit, `OLD_SPACE_MB` every app's; 0 leaves it to V8.
 */
export const OLD_SPACE_MB: Record<AppName, number> = {
  'command-api': 96,
  'query-api': 96,
  'outbox-relay': 96,
  projector: 96,
  gateway: 64,
};

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

const envName = (name: AppName, suffix: string) => `${name.toUpperCase().replace('-', '_')}_${suffix}`;

function portOf(name: AppName, env: NodeJS.ProcessEnv): number {
  const fallback = APPS.find((app) => app.name === name)!.port;
  return Number(env[envName(name, 'PORT')] ?? fallback);
}

/** The app's old-generation limit: `<APP>_OLD_SPACE_MB`, else `OLD_SPACE_MB`, else the default above. */
export function oldSpaceMb(name: AppName, env: NodeJS.ProcessEnv): number {
  const variable = [envName(name, 'OLD_SPACE_MB'), 'OLD_SPACE_MB'].find((key) => (env[key] ?? '') !== '');
  if (variable === undefined) return OLD_SPACE_MB[name];
  const mb = Number(env[variable]);
  if (!Number.isInteger(mb) || mb < 0)
    throw new Error(`${variable} must be a whole number of MB (0: no limit)`);
  return mb;
}

/**
 * `APP_NODE_FLAGS`: more flags for every app's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * profile the apps of a bench run (flags NODE_OPTIONS refuses; each profile is written as its app exits).
 */
function extraFlags(env: NodeJS.ProcessEnv): string[] {
  return (env.APP_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== '');
}

/**
 * Starts one app as its own process, its JSON log appended to .stack/logs/<app>.log (and echoed to
 * this terminal when `echo` is set).
 */
export async function startApp(name: AppName, env: NodeJS.ProcessEnv, echo: boolean): Promise<RunningApp> {
  const logDir = path.join(stackDir(), 'logs');
  await mkdir(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const entry = path.join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
  const oldSpace = oldSpaceMb(name, env);
  const flags = [
    ...NODE_FLAGS,
    ...(oldSpace > 0 ? [`--max-old-space-size=${oldSpace}`] : []),
    ...extraFlags(env),
  ];
  const child = spawn(process.execPath, [...flags, entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.pipe(log, { end: false });
    if (echo) stream.pipe(process.stdout, { end: false });
  }
  child.once('exit', () => log.end());
  return { name, url: `http://127.0.0.1:${portOf(name, env)}`, logFile, child };
}

/** Polls `/ready` until it answers 200; fails at once if the process dies first. */
export async function waitReady(app: RunningApp): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`${app.name} exited during start-up; see ${app.logFile}`);
    }
    try {
      const answer = await fetch(`${app.url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${app.name} was not ready within ${READY_TIMEOUT_MS / 1000}s; see ${app.logFile}`);
}

/** SIGTERM, then SIGKILL after a grace period: no app outlives the command that started it. */
export async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

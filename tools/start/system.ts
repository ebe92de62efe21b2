import { spawn } from 'node:child_process';
import path from 'node:path';
import { down, up, type ServiceName } from '../stack/stack.ts';
import { REPO_ROOT } from '../stack/paths.ts';
import { APPS, startApp, stopApp, waitReady, type RunningApp } from './apps.ts';
import { openControl, type Control } from './control.ts';
import { loadDemoData } from './demo-data.ts';
import { ensureDatabase, readDatabaseUrl } from './read-database.ts';

export interface SystemOptions {
  build: boolean;
  apps: boolean;
  echoLogs: boolean;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** Opens the fault-injection control port (see control.ts); its URL is `SYSTEM_CONTROL_URL`. */
  control?: boolean;
  /** Writes the seed's demo stores and products through the API once the apps are up (dev mode). */
  demoData?: boolean;
  /** Ctrl-C or SIGTERM stops what this call started, then ends the process (exit 130 / 143). */
  stopOnSignal?: boolean;
}

export interface RunningSystem {
  env: Record<string, string>;
  apps: RunningApp[];
  stop(): Promise<void>;
}

function run(label: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (exit ${code})`)),
    );
  });
}

const bin = (pkg: string, file: string) => path.join(REPO_ROOT, 'node_modules', pkg, file);
const dist = (file: string) => path.join(REPO_ROOT, 'dist', file);

export async function build(env: NodeJS.ProcessEnv): Promise<void> {
  await run('tsc', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json'], env);
  await run('tsc-alias', [bin('tsc-alias', 'dist/bin/index.js'), '-p', 'tsconfig.build.json'], env);
}

/**
 * Builds, brings up PostgreSQL, Redis and Kafka (reusing running ones), creates the read database
 * (READ_DATABASE_URL, by default `<database>_read` beside DATABASE_URL), migrates each schema in its
 * own database, creates topics and starts the five apps. `stop()` undoes exactly what this call
 * started, once however often called.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { log } = options;
  const began = Date.now();
  const [stack] = await Promise.all([
    up({ log: (message) => log(`[stack] ${message}`) }),
    options.build ? build(options.env).then(() => log('build done')) : Promise.resolve(),
  ]);
  const started: ServiceName[] = stack.started;
  const databases = {
    ...(stack.env as Record<string, string>),
    READ_DATABASE_URL: readDatabaseUrl({ ...options.env, ...stack.env }),
  };
  const env: Record<string, string> = { ...(options.env as Record<string, string>), ...databases };
  const apps: RunningApp[] = [];
  let control: Control | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await control?.close();
      await Promise.all(apps.map(stopApp));
      if (started.length > 0) await down({ only: started, log: (message) => log(`[stack] ${message}`) });
    })());
  if (options.stopOnSignal) {
    process.once('SIGINT', () => void stop().then(() => process.exit(130)));
    process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  }
  try {
    await ensureDatabase(env.READ_DATABASE_URL!, (message) => log(`[stack] postgres: ${message}`));
    await run('migrations', [dist('libs/persistence/src/cli/migrate.js')], env);
    await run(
      'topic bootstrap',
      ['--disable-warning=TimeoutNegativeWarning', dist('libs/messaging/src/cli/bootstrap-topics.js')],
      env,
    );
    if (options.apps) {
      for (const app of APPS) apps.push(await startApp(app.name, env, options.echoLogs));
      await Promise.all(apps.map(waitReady));
      if (options.demoData) {
        const gateway = apps.find((app) => app.name === 'gateway')!;
        log(`demo data: ${await loadDemoData(gateway.url)}`);
      }
    }
    if (options.control) {
      control = await openControl(apps, env, options.echoLogs, Number(env.SYSTEM_CONTROL_PORT ?? 0));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log(`ready in ${((Date.now() - began) / 1000).toFixed(1)}s`);
  return {
    env: {
      ...databases,
      GATEWAY_URL: apps.find((app) => app.name === 'gateway')?.url ?? '',
      ...(control ? { SYSTEM_CONTROL_URL: control.url } : {}),
    } as Record<string, string>,
    apps,
    stop,
  };
}

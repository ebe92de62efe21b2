import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../stack/paths.ts';
import { startSystem, type RunningSystem } from '../start/system.ts';

/**
 * `npm test`: lint, type-check, unit tests, then one real system (stack + migrations + topics + all
 * five apps) shared by the integration and end-to-end suites, stopped again at the end — whatever
 * happened. Exits non-zero on the first failing step.
 */
const log = (message: string) => process.stderr.write(`\n[test] ${message}\n`);
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

function step(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  log(label);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

async function main(): Promise<void> {
  await step('lint', bin('eslint'), ['.']);
  await step('format', bin('prettier'), ['--check', '.']);
  await step('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  await step('type-check tools', bin('tsc'), ['-p', 'tools/tsconfig.json']);
  await step('unit tests', bin('jest'), ['--selectProjects', 'unit']);

  log('starting the system (stack, migrations, topics, apps)');
  let system: RunningSystem | undefined;
  const stop = async () => {
    const running = system;
    system = undefined;
    if (running) await running.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    system = await startSystem({
      build: true,
      apps: true,
      echoLogs: false,
      env: { ...process.env, DEV_MODE: 'true' },
      log: (message) => process.stderr.write(`[start] ${message}\n`),
    });
    const env = { ...process.env, ...system.env };
    await step('integration tests', bin('jest'), ['--selectProjects', 'int'], env);
    await step('end-to-end tests', bin('jest'), ['--selectProjects', 'e2e'], env);
  } finally {
    log('stopping the system');
    await stop();
  }
}

main().then(
  () => log('all checks passed'),
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TEST_JWT_SECRET } from '../../libs/testing/src/kit/test-secret.ts';
import { REPO_ROOT } from '../stack/paths.ts';
import { startSystem, type RunningSystem } from '../start/system.ts';

/**
 * `npm test`: lint, type-check, unit tests, then one real system (stack + migrations + topics + all
 * five apps) shared by the integration and end-to-end suites, stopped again at the end — whatever
 * happened. Exits non-zero on the first failing step.
 */
/** Fixed, so `npm test` sends the same fuzzed requests on every run. */
const FUZZ_SEED = '20261121';
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

const RESULTS_DIR = path.join(REPO_ROOT, '.stack', 'test-results');
const totals = { passed: 0, failed: 0 };

/** Runs one Jest project, keeping its counts for the closing summary line. */
async function jest(
  label: string,
  project: string,
  env: NodeJS.ProcessEnv = process.env,
  extraArgs: string[] = [],
): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const outputFile = path.join(RESULTS_DIR, `${project}.json`);
  // kafkajs arms negative timers that Node 24 warns about in every worker: noise, not a fault.
  const jestEnv = {
    ...env,
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --disable-warning=TimeoutNegativeWarning`.trim(),
  };
  try {
    await step(
      label,
      bin('jest'),
      ['--selectProjects', project, '--json', `--outputFile=${outputFile}`, ...extraArgs],
      jestEnv,
    );
  } finally {
    const report = JSON.parse(await readFile(outputFile, 'utf8').catch(() => '{}')) as {
      numPassedTests?: number;
      numFailedTests?: number;
    };
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
  }
}

/** The Postman collection against the running system, its assertions counted into the summary. */
async function newman(env: NodeJS.ProcessEnv): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const reportFile = path.join(RESULTS_DIR, 'newman.json');
  try {
    await step(
      'Postman collection (newman)',
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules', 'newman', 'bin', 'newman.js'),
        'run',
        'postman/inventory.postman_collection.json',
        '--environment',
        'postman/local.postman_environment.json',
        '--env-var',
        `baseUrl=${env.GATEWAY_URL}`,
        '--reporters',
        'cli,json',
        '--reporter-json-export',
        reportFile,
        '--reporter-cli-no-banner',
      ],
      env,
    );
  } finally {
    const report = JSON.parse(await readFile(reportFile, 'utf8').catch(() => '{}')) as {
      run?: { stats?: { assertions?: { total: number; failed: number } } };
    };
    const assertions = report.run?.stats?.assertions ?? { total: 0, failed: 0 };
    totals.passed += assertions.total - assertions.failed;
    totals.failed += assertions.failed;
  }
}

async function main(): Promise<void> {
  await step('lint', bin('eslint'), ['.']);
  await step('format', bin('prettier'), ['--check', '.']);
  await step('dependency rules (dependency-cruiser)', bin('depcruise'), [
    ...['apps', 'libs', 'tools', 'bench', 'faults'],
    ...['--config', '.dependency-cruiser.cjs'],
  ]);
  await step('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  await step('type-check tools', bin('tsc'), ['-p', 'tools/tsconfig.json']);
  await step('type-check bench', bin('tsc'), ['-p', 'bench/tsconfig.json']);
  await step('type-check faults', bin('tsc'), ['-p', 'faults/tsconfig.json']);
  // The AsyncAPI document is parsed and checked against libs/contracts by a unit test.
  await step('OpenAPI lint (Redocly)', bin('redocly'), ['lint', 'openapi/openapi.yaml'], {
    ...process.env,
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  });
  await jest('unit tests', 'unit');

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
      control: true,
      // The smoke script and the Postman collection run the seed's flow on its demo stores and products.
      demoData: true,
      // The apps accept JWTs signed with the test secret, so tests can use principals with chosen roles.
      env: { ...process.env, DEV_MODE: 'true', JWT_SECRET: TEST_JWT_SECRET },
      log: (message) => process.stderr.write(`[start] ${message}\n`),
    });
    const env: NodeJS.ProcessEnv = { ...process.env, ...system.env, JWT_SECRET: TEST_JWT_SECRET };
    await jest('integration tests', 'int', env);
    await jest('end-to-end tests', 'e2e', env);
    // What a user holds: the seed's smoke script and the Postman collection, against the same system.
    await step('smoke-tests.sh', 'bash', [path.join(REPO_ROOT, 'smoke-tests.sh')], {
      ...env,
      BASE_URL: env.GATEWAY_URL,
    });
    await newman(env);
    // A bounded, seeded Schemathesis run over every operation (the full one is `npm run fuzz`); it waits
    // for the rebuilds it starts to finish, so the steps after it find a settled system.
    await step(
      'API fuzzing (Schemathesis, bounded)',
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        path.join(REPO_ROOT, 'tools/fuzz/cli.ts'),
        '--max-examples',
        '25',
        '--stateful-sequences',
        '100',
        '--seed',
        FUZZ_SEED,
      ],
      env,
    );
    // Every test above wrote through the command side: each state row must still be its events' fold.
    await step(
      'event fold check',
      process.execPath,
      [
        path.join(
          REPO_ROOT,
          'dist/apps/command-api/src/operations/verify-event-fold/verify-event-fold.cli.js',
        ),
      ],
      env,
    );
    // Last and alone: these stop and restart the stack's Kafka, which would disturb any suite beside them.
    await jest('fault-injection tests (serial)', 'int-serial', env, ['--runInBand']);
    // Every fault of npm run test:faults (about 4 minutes) under load, on this system: each scenario
    // checks no acknowledged write is lost or doubled, no 500 or hang, and verify is clean after.
    await step(
      'fault scenarios under load (npm run test:faults)',
      process.execPath,
      ['--disable-warning=TimeoutNegativeWarning', path.join(REPO_ROOT, 'faults/faults.ts')],
      env,
    );
  } finally {
    log('stopping the system');
    await stop();
  }
  // On a system of its own, after every suite: it stops and restarts the relay. It checks that the run
  // completed and that nothing was oversold or lost; its timings are reported, never asserted.
  await step('benchmark smoke run (npm run bench -- --quick)', process.execPath, [
    '--disable-warning=TimeoutNegativeWarning',
    path.join(REPO_ROOT, 'bench/system/bench.ts'),
    '--quick',
    '--no-build',
  ]);
}

function summary(): void {
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed\n`);
}

main().then(
  () => {
    log('all checks passed');
    summary();
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    summary();
    process.exit(1);
  },
);

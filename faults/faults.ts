import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Dataset } from '../bench/system/dataset.ts';
import { seed } from '../bench/system/seed.ts';
import { SystemControl } from '../libs/testing/src/kit/system-control.ts';
import { REPO_ROOT, stackDir } from '../tools/stack/paths.ts';
import { startSystem, type RunningSystem } from '../tools/start/system.ts';
import { drain, exactlyOnce, verify } from './checks.ts';
import { FaultLoad } from './load.ts';
import { applyExactlyOnce, judge, printTable, summariseLoad, type ScenarioResult } from './report.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';
import { sleep } from '../libs/testing/src/kit/sleep.ts';

const USAGE = `usage: npm run test:faults [-- options]

  --scenarios LIST   comma-separated subset of: ${SCENARIOS.map((s) => s.name).join(',')}
  --writers N        concurrent writing clients (default 16)
  --readers N        concurrent availability pollers (default 2)
  --no-build         use the existing dist/
  --out FILE         where to write the result (default faults/results/<date>.json)

Against the real stack: for each scenario, runs the load (writers retrying with the same
Idempotency-Key, readers polling), injects the fault, heals it, stops the load, waits for the system to
drain, runs npm run verify and checks that every acknowledged command is in the event store exactly
once. Prints a table, writes the result file, exits 1 when any scenario failed.

Starts its own system (stack + apps + control port) unless SYSTEM_CONTROL_URL, GATEWAY_URL and
DATABASE_URL point at a running one (as npm test does).`;

const WARM_MS = 4_000;
const AFTER_HEAL_MS = 5_000;
const log = (message: string) => process.stderr.write(`[faults] ${message}\n`);

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: SCENARIOS.map((s) => s.name).join(',') },
    writers: { type: 'string', default: '16' },
    readers: { type: 'string', default: '2' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work();
  return performance.now() - began;
}

async function runScenario(
  scenario: Scenario,
  control: SystemControl,
  db: pg.Pool,
  env: Record<string, string>,
  data: Dataset,
): Promise<ScenarioResult> {
  const keyPrefix = `faults-${scenario.name}-${randomUUID().slice(0, 8)}`;
  const load = new FaultLoad({
    baseUrl: env.GATEWAY_URL!,
    data,
    writers: Number(values.writers),
    readers: Number(values.readers),
    keyPrefix,
  });
  const loadStarted = performance.now();
  load.start();
  await sleep(WARM_MS);
  const injected = performance.now();
  let injectMs = 0;
  let healMs = 0;
  try {
    injectMs = await timed(() => scenario.inject(control));
    await sleep(scenario.outageMs);
  } finally {
    // Healed whatever happened, so one broken scenario does not break the next.
    healMs = await timed(() => scenario.heal(control));
  }
  const healed = performance.now();
  await sleep(AFTER_HEAL_MS);
  const record = await load.stop();
  const loadStopped = performance.now();
  const result = summariseLoad(scenario, record, {
    loadStarted,
    injected,
    healed,
    injectMs,
    healMs,
    loadStopped,
  });
  log(`${scenario.name}: ${result.acknowledged} acknowledged, ${result.retries} retries; draining`);
  result.crashed = (await control.apps()).filter((app) => !app.running).map((app) => app.name);
  // With an app down the system cannot drain: the scenario has failed already, and waiting proves nothing.
  if (result.crashed.length === 0)
    try {
      result.drainMs = await drain(db, env.GATEWAY_URL!);
      result.verify = await verify({ ...process.env, ...env });
    } catch (error) {
      result.failures.push(error instanceof Error ? error.message : String(error));
    }
  // What was acknowledged is in PostgreSQL whether or not the rest of the system caught up.
  applyExactlyOnce(result, await exactlyOnce(db, keyPrefix, record.acknowledged));
  // The next scenario starts on a whole system, so it fails for its own fault only.
  for (const app of result.crashed) await control.start(app);
  judge(scenario, result);
  return result;
}

async function main(): Promise<void> {
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const wanted = new Set(values.scenarios!.split(',').filter(Boolean));
  const unknown = [...wanted].filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenarios: ${unknown.join(', ')}`);
  const startedAt = new Date();
  let system: RunningSystem | undefined;
  let env: Record<string, string>;
  const given = process.env;
  if (given.SYSTEM_CONTROL_URL && given.GATEWAY_URL && given.DATABASE_URL) {
    env = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    log(`using the running system at ${env.GATEWAY_URL}`);
  } else {
    system = await startSystem({
      build: !values['no-build'],
      apps: true,
      echoLogs: false,
      control: true,
      env: { ...process.env, DEV_MODE: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      log,
      stopOnSignal: true,
    });
    env = { ...(process.env as Record<string, string>), DEV_MODE: 'true', ...system.env };
  }
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2, application_name: 'faults' });
  // The pool outlives the PostgreSQL restart: a connection cut by it must not crash the runner.
  db.on('error', () => undefined);
  try {
    const control = new SystemControl(env.SYSTEM_CONTROL_URL ?? system!.env.SYSTEM_CONTROL_URL!);
    const data: Dataset = { prefix: `F${Date.now().toString(36)}`, stores: 4, skus: 40, onHand: 500 };
    await seed(env.GATEWAY_URL!, db, data, 400, log);
    for (const scenario of SCENARIOS.filter((s) => wanted.has(s.name))) {
      log(`${scenario.name}: ${scenario.describe}`);
      const result = await runScenario(scenario, control, db, env, data);
      log(`${scenario.name}: ${result.ok ? 'ok' : `FAILED: ${result.failures.join('; ')}`}`);
      results.push(result);
    }
  } catch (error) {
    failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    await db.end().catch(() => undefined);
    if (system) {
      log('stopping the system');
      await system.stop();
    }
  }
  const file = values.out ?? defaultOut(startedAt, system !== undefined);
  await mkdir(path.dirname(file), { recursive: true });
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: { writers: Number(values.writers), readers: Number(values.readers) },
    scenarios: results,
    failures,
  };
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(results, (line) => process.stdout.write(`${line}\n`));
  log(`result: ${path.relative(process.cwd(), file)}`);
  if (failures.length > 0 || results.some((r) => !r.ok)) {
    log(`FAILED${failures.length > 0 ? `: ${failures.join(' | ')}` : ''}`);
    process.exit(1);
  }
}

/** Runs of its own go to faults/results/; a run inside npm test leaves the tree clean. */
function defaultOut(startedAt: Date, ownSystem: boolean): string {
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\..*/, '');
  return ownSystem
    ? path.join(REPO_ROOT, 'faults', 'results', `${stamp}.json`)
    : path.join(stackDir(), 'faults', 'results', `${stamp}.json`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

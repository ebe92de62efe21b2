import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readPid } from '../../tools/stack/proc.ts';
import { pidFile, REPO_ROOT, stackDir } from '../../tools/stack/paths.ts';
import { startSystem, type RunningSystem } from '../../tools/start/system.ts';
import { runPgbench, runProducerPerf } from './baselines.ts';
import { notOversold, nothingLost, outboxDelivered, readSideMatches, type Check } from './checks.ts';
import type { Dataset } from './dataset.ts';
import { newKeyPrefix, type LoadResult, type LoadSpec } from './load.ts';
import { FULL, QUICK, type Profile } from './profiles.ts';
import { cpuBetween, ResourceMonitor } from './resources.ts';
import {
  commitToKafka,
  endpointMissing,
  loadProcess,
  rebuild,
  relayDrain,
  runLoad,
  StatementStats,
} from './scenarios.ts';
import { round, seed } from './seed.ts';
import { printTable, targetsOf } from './report.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

const USAGE = `usage: npm run bench [-- options]

  --quick            a small, short run (about a minute of load) that only proves every scenario works
  --scenarios LIST   comma-separated subset of: idle,commands,hot,freshness,reads,drain,rebuild,baselines
                     (freshness also runs at 50% and 90% of the commands scenario's rate when both run)
  --no-build         use the existing dist/
  --commands-seconds N  how long the commands scenario loads (after its warm-up), e.g. to profile a
                     quick run's command path for longer
  --out FILE         where to write the result (default bench/results/<date>.json; quick runs
                     default to .stack/bench/results/ so a test run leaves the tree clean)

Starts (or reuses) the stack and starts the five apps, loads the seed's scale through the API, runs
each scenario with a separate load process, prints a table and writes the result file. Exits non-zero
when a scenario failed or a check (nothing oversold, nothing lost) did not hold; timings never fail it.`;

const ALL = ['idle', 'commands', 'hot', 'freshness', 'reads', 'drain', 'rebuild', 'baselines'];
/** The processes issue 15's idle figure sums: the five apps and Kafka. */
const IDLE_SUMMED = ['command-api', 'query-api', 'outbox-relay', 'projector', 'gateway', 'kafka'];
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: ALL.join(',') },
    'no-build': { type: 'boolean', default: false },
    'commands-seconds': { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function withCommandsSeconds(profile: Profile, seconds: string | undefined): Profile {
  if (seconds === undefined) return profile;
  const value = Number(seconds);
  if (!(value > 0)) throw new Error('--commands-seconds wants a positive number');
  return { ...profile, commands: { ...profile.commands, seconds: value } };
}

function gitDescribe(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT })
      .toString()
      .trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT }).length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

async function main(): Promise<void> {
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const profile = withCommandsSeconds(values.quick ? QUICK : FULL, values['commands-seconds']);
  const wanted = new Set(values.scenarios!.split(',').filter(Boolean));
  const startedAt = new Date();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEV_MODE: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The drain scenario holds a 100,000-event backlog on purpose: the command API must not shed it.
    OUTBOX_BACKLOG_LIMIT: process.env.OUTBOX_BACKLOG_LIMIT ?? '10000000',
  };
  let system: RunningSystem | undefined;

  const result: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    profile: profile.name,
    machine: {
      loadAverageAtStart: os.loadavg().map((load) => round(load)),
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    git: gitDescribe(),
    settings: profile,
  };
  const scenarios: Record<string, unknown> = {};
  const checks: Check[] = [];
  const failures: string[] = [];
  result.scenarios = scenarios;
  result.checks = checks;
  try {
    system = await startSystem({
      build: !values['no-build'],
      apps: true,
      echoLogs: false,
      env,
      log,
      stopOnSignal: true,
    });
    const appEnv = { ...env, ...system.env };
    const apps = system.apps;
    const baseUrl = system.env.GATEWAY_URL!;
    const db = new pg.Pool({ connectionString: system.env.DATABASE_URL, max: 4, application_name: 'bench' });
    const stackPids = new Map<string, number | undefined>();
    for (const service of ['postgres', 'kafka', 'redis'])
      stackPids.set(service, (await readPid(pidFile(service))) ?? undefined);
    const monitor = new ResourceMonitor([
      ...apps.map(({ name }) => ({ name, pid: () => apps.find((app) => app.name === name)?.child.pid })),
      { name: 'postgres', pid: () => stackPids.get('postgres'), withChildren: true },
      { name: 'kafka', pid: () => stackPids.get('kafka') },
      { name: 'redis', pid: () => stackPids.get('redis') },
      { name: 'load generator', pid: () => loadProcess.pid },
    ]);
    monitor.start();
    const cpu: Record<string, Record<string, number>> = {};
    const rssPerScenario: Record<string, Record<string, number>> = {};
    const statements = new StatementStats(db);
    const postgresTop: Record<string, unknown> = {};
    result.postgresTopStatements = postgresTop;
    const measured = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
      await statements.start();
      const before = await monitor.snapshot();
      monitor.beginPhase();
      log(`${name}…`);
      try {
        const value = await work();
        scenarios[name] = value;
        return value;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${name} failed: ${message}`);
        scenarios[name] = { status: 'failed', detail: message };
        failures.push(name);
        return undefined;
      } finally {
        cpu[name] = cpuBetween(before, await monitor.snapshot());
        rssPerScenario[name] = monitor.phasePeakRssMb();
        postgresTop[name] = await statements.top();
      }
    };

    const data: Dataset = {
      prefix: `B${Date.now().toString(36)}`,
      stores: profile.stores,
      skus: profile.skus,
      onHand: profile.onHand,
    };
    result.dataset = data;
    const loaded = await measured('seed', () => seed(baseUrl, db, data, profile.hot.stock, log));
    if (!loaded) throw new Error('seeding failed; nothing to measure');

    if (wanted.has('idle')) {
      // The samplers back off while nothing changes: give them the time to, after the seed's traffic.
      await sleep(profile.idle.settleSeconds * 1000);
      const began = performance.now();
      await measured('idle', () => sleep(profile.idle.seconds * 1000).then(() => ({})));
      scenarios.idle = idleFigures(cpu.idle ?? {}, (performance.now() - began) / 1000);
    }

    const common = (scenario: string) => ({ baseUrl, data, keyPrefix: newKeyPrefix(scenario) });
    const acknowledged = (load: LoadResult) =>
      Object.values(load.acknowledged).reduce((sum, n) => sum + n, 0);
    const written: Array<{ scenario: string; keyPrefix: string; load: LoadResult }> = [];

    if (wanted.has('commands')) {
      const spec = { kind: 'commands' as const, ...profile.commands, ...common('commands') };
      const load = await measured('commands', () => runLoad(spec));
      if (load) {
        written.push({ scenario: 'commands', keyPrefix: spec.keyPrefix, load });
        result.cpuMsPerCommand = cpuMsPerCommand(cpu.commands ?? {}, load);
      }
    }
    if (wanted.has('hot')) {
      const spec = {
        kind: 'hot' as const,
        clients: profile.hot.clients,
        seconds: profile.hot.seconds,
        ...common('hot'),
      };
      const load = await measured('hot', () => runLoad(spec));
      if (load) {
        written.push({ scenario: 'hot', keyPrefix: spec.keyPrefix, load });
        const stock = Math.floor(profile.hot.stock / profile.stores) * profile.stores;
        checks.push(await notOversold(db, data, stock, load.acknowledged.purchase ?? 0));
      }
    }
    if (wanted.has('freshness')) {
      const spec = { kind: 'freshness' as const, ...profile.freshness, ...common('freshness') };
      const from = new Date();
      const load = await measured('freshness', () => runLoad(spec));
      if (load) {
        written.push({ scenario: 'freshness', keyPrefix: spec.keyPrefix, load });
        const to = new Date();
        await sleep(2000);
        scenarios.commitToKafka = await commitToKafka(db, from, to);
      }
      // The same measure at a rate the system can take: 50% and 90% of what the commands scenario reached.
      const maximum = (scenarios.commands as LoadResult | undefined)?.perSecond;
      for (const share of maximum ? [50, 90] : []) {
        const partial: LoadSpec = {
          kind: 'freshness',
          ...profile.freshness,
          rate: Math.max(1, Math.round((maximum! * share) / 100)),
          ...common(`freshness${share}`),
        };
        const partialLoad = await measured(`freshness${share}`, () => runLoad(partial));
        if (partialLoad) {
          written.push({ scenario: `freshness${share}`, keyPrefix: partial.keyPrefix, load: partialLoad });
          scenarios[`freshness${share}`] = { ...partialLoad, offeredPerSecond: partial.rate, share };
        }
      }
    }
    if (wanted.has('reads')) {
      await measured('reads', async () => {
        const missing = await endpointMissing(baseUrl, `/v1/availability?sku=${data.prefix}-P1`);
        return missing ?? runLoad({ kind: 'reads', ...profile.reads, ...common('reads') });
      });
      await measured('batchReads', async () => {
        const missing = await endpointMissing(baseUrl, '/v1/availability:batch', {
          skus: [`${data.prefix}-P1`],
        });
        return missing ?? runLoad({ kind: 'batch', ...profile.batch, ...common('batch') });
      });
    }
    for (const { scenario, keyPrefix, load } of written)
      checks.push(await nothingLost(db, scenario, keyPrefix, acknowledged(load)));
    if (wanted.has('drain'))
      await measured('relayDrain', () =>
        relayDrain(baseUrl, db, data, profile.drain.backlog, apps, appEnv, log),
      );
    if (wanted.has('rebuild')) await measured('rebuild', () => rebuild(baseUrl, log));
    checks.push(await outboxDelivered(db, startedAt));
    checks.push(await readSideMatches(baseUrl, db, data, profile.readSamples));

    if (wanted.has('baselines')) {
      const baselines: Record<string, unknown> = {};
      result.baselines = baselines;
      baselines.pgbench = await measured('pgbench', () =>
        runPgbench(
          system!.env.DATABASE_URL!,
          {
            clients: profile.commands.clients,
            seconds: profile.pgbench.seconds,
            stores: profile.stores,
            skus: profile.skus,
          },
          log,
        ),
      );
      const { rows } = await db.query<{ size: number }>(
        'SELECT coalesce(round(avg(length(value))), 700)::int AS size FROM (SELECT value FROM command.outbox ORDER BY id DESC LIMIT 10000) AS recent',
      );
      baselines.producerPerf = await measured('producerPerf', () =>
        runProducerPerf(
          system!.env.KAFKA_BROKERS!,
          { records: profile.producerPerf.records, recordSize: rows[0]!.size, partitions: 6 },
          log,
        ),
      );
    }
    monitor.stop();
    result.resources = {
      peakRssMb: monitor.peakRssMb(),
      cpuSecondsPerScenario: cpu,
      peakRssMbPerScenario: rssPerScenario,
    };
    await db.end();
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    log('stopping the system');
    await system?.stop();
  }
  result.finishedAt = new Date().toISOString();
  // Other work on the machine moves every figure: the load average says how much there was.
  (result.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg().map((load) => round(load));
  result.ratios = ratiosOf(result);
  result.targets = targetsOf(result);
  result.failures = failures;
  const file = values.out ?? defaultOut(profile, startedAt);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  log(`result: ${path.relative(process.cwd(), file)}`);
  const broken = checks.filter((check) => !check.ok);
  if (failures.length > 0 || broken.length > 0) {
    log(`FAILED: ${[...failures, ...broken.map((check) => `${check.name}: ${check.detail}`)].join(' | ')}`);
    process.exit(1);
  }
}

/** CPU per process over the idle scenario as % of one core, and the sum issue 15 sets its floor on. */
function idleFigures(cpuSeconds: Record<string, number>, seconds: number) {
  const percentOfCore = Object.fromEntries(
    Object.entries(cpuSeconds).map(([name, used]) => [name, round((used / seconds) * 100, 2)]),
  );
  const summed = IDLE_SUMMED.reduce((sum, name) => sum + (cpuSeconds[name] ?? 0), 0);
  return {
    seconds: round(seconds, 1),
    cpuSeconds,
    percentOfCore,
    appsAndKafkaPercentOfCore: round((summed / seconds) * 100, 2),
  };
}

/**
 * CPU ms per command per process over the commands scenario: every request it answered, the warm-up's
 * included (its CPU is in the scenario's), refusals too. The load generator is not the system's.
 */
function cpuMsPerCommand(cpuSeconds: Record<string, number>, load: LoadResult) {
  const commands = load.requests + (load.warmupRequests ?? 0);
  if (commands === 0) return undefined;
  const perProcess = Object.fromEntries(
    Object.entries(cpuSeconds)
      .filter(([name]) => name !== 'load generator')
      .map(([name, used]) => [name, round((used * 1000) / commands, 3)]),
  );
  const total = Object.values(perProcess).reduce((sum, ms) => sum + ms, 0);
  return { commands, perProcess, total: round(total, 3) };
}

function ratiosOf(result: Record<string, unknown>) {
  const scenarios = result.scenarios as Record<
    string,
    { perSecond?: number; eventsPerSecond?: number } | undefined
  >;
  const baselines = (result.baselines ?? {}) as Record<
    string,
    { tps?: number; recordsPerSecond?: number } | undefined
  >;
  const ratio = (a?: number, b?: number) => (a && b ? round(a / b, 3) : undefined);
  return {
    commandsPerSecondVsPgbenchTps: ratio(scenarios.commands?.perSecond, baselines.pgbench?.tps),
    relayEventsPerSecondVsProducerPerf: ratio(
      scenarios.relayDrain?.eventsPerSecond,
      baselines.producerPerf?.recordsPerSecond,
    ),
  };
}

function defaultOut(profile: Profile, startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/:/g, '-').replace(/\..*/, '');
  return profile.name === 'quick'
    ? path.join(stackDir(), 'bench', 'results', `quick-${stamp}.json`)
    : path.join(REPO_ROOT, 'bench', 'results', `${stamp}.json`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { TEST_JWT_SECRET } from '../../libs/testing/src/kit/test-secret.ts';
import { REPO_ROOT, stackDir } from '../stack/paths.ts';
import { startSystem, type RunningSystem } from '../start/system.ts';
import { summarise, type FuzzSummary } from './report.ts';
import { sleep } from '../../libs/testing/src/kit/sleep.ts';

const USAGE = `usage: npm run fuzz [-- options]

Fuzzes the whole HTTP API through the gateway with Schemathesis, from openapi/openapi.yaml: examples,
boundary and negative cases, random data, and stateful sequences that follow the spec's links. Every
check Schemathesis has is on except the three that hold the API to rules it does not make (see CHECKS).
Then runs the event-store and read-model checks of \`npm run verify\`. Exits non-zero when an operation
went untested, fewer than --min-requests requests were made, any check failed, or verify found a
discrepancy.

  --max-examples N   test cases per operation in the examples, coverage and fuzzing phases (default 60)
  --stateful-sequences N, --stateful-steps N
                     stateful sequences that follow the spec's links, and their longest length
                     (default 300 and 20: the long chains are what reach reservations and transfers)
  --min-requests N   fewer requests than this fails the run (default 1000)
  --workers N        concurrent workers (default 2)
  --seed N           reproduce an earlier run
  --no-build         with a system of its own, skip compiling (use the existing dist/)

With GATEWAY_URL set, it fuzzes that running system (and JWT_SECRET, if set, signs its admin token;
otherwise it uses the dev-mode token). Without it, it starts a system of its own and stops it after.
Schemathesis is installed, pinned (tools/fuzz/requirements.txt), into a virtualenv under .stack/fuzz/.`;

const FUZZ_DIR = () => path.join(stackDir(), 'fuzz');
const VENV = () => path.join(FUZZ_DIR(), 'venv');
const REQUIREMENTS = path.join(REPO_ROOT, 'tools', 'fuzz', 'requirements.txt');

/**
 * Every Schemathesis check except:
 * - positive_data_acceptance: a schema-valid request may still be refused by the API's rules — a reused
 *   Idempotency-Key (422), a cursor the API never issued (400), a replacement for several dead letters
 *   (400). Those answers are documented; the check would call them failures.
 * - unsupported_method, allow_header_conformance: an undeclared method gets 404 problem+json (the route
 *   does not exist), not 405 with `Allow`; the spec promises nothing about undeclared methods.
 */
const EXCLUDED_CHECKS = ['positive_data_acceptance', 'unsupported_method', 'allow_header_conformance'];

const log = (message: string) => process.stderr.write(`[fuzz] ${message}\n`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Schemathesis closes with pytest's banner (`===== 2 warnings in 53.85s =====`). In `npm test`'s output
 * that line reads as a test runner's closing summary of zero tests, so its banners are reworded here.
 */
function rewordBanner(line: string): string {
  const banner = /^=+ (.+?) =+$/.exec(line.trim());
  if (!banner) return line;
  const closing = /^(.*) in ([\d.]+)s$/.exec(banner[1]!);
  return closing ? `[fuzz] Schemathesis took ${closing[2]} s (${closing[1]})` : `--- ${banner[1]} ---`;
}

function relayLines(from: Readable, to: Writable): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on('line', (line) => to.write(`${rewordBanner(line)}\n`));
  return new Promise((resolve) => lines.once('close', resolve));
}

/** `run`, with the output passed through line by line and its pytest-style banners reworded. */
function runReworded(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const relayed = Promise.all([
      relayLines(child.stdout, process.stdout),
      relayLines(child.stderr, process.stderr),
    ]);
    child.once('error', reject);
    child.once('close', (code, signal) => void relayed.then(() => resolve(code ?? (signal ? 128 : 1))));
  });
}

function capture(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', () => resolve(undefined));
    child.once('exit', (code) => resolve(code === 0 ? out.trim() : undefined));
  });
}

async function ensureSchemathesis(): Promise<string> {
  const binary = path.join(VENV(), 'bin', 'schemathesis');
  const pinned = /schemathesis==(\S+)/.exec(await readFile(REQUIREMENTS, 'utf8'))![1]!;
  const installed = await capture(binary, ['--version']);
  if (installed?.endsWith(pinned)) return binary;
  log(`installing Schemathesis ${pinned} into ${VENV()}`);
  await mkdir(FUZZ_DIR(), { recursive: true });
  if ((await run('python3', ['-m', 'venv', VENV()], process.env)) !== 0)
    throw new Error('python3 -m venv failed: Python 3.10+ with the venv module is needed');
  const pip = path.join(VENV(), 'bin', 'pip');
  if (
    (await run(
      pip,
      ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
      process.env,
    )) !== 0
  )
    throw new Error(`pip install -r ${REQUIREMENTS} failed`);
  return binary;
}

function adminToken(secret: string | undefined): string {
  if (!secret) return 'devtoken';
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: 'fuzz', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 3600 };
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function fuzz(
  binary: string,
  gatewayUrl: string,
  token: string,
  options: { maxExamples: number; workers: number; seed?: string; sequences: number; steps: number },
): Promise<{ exitCode: number; report: string }> {
  const reportDir = path.join(FUZZ_DIR(), 'report');
  await rm(reportDir, { recursive: true, force: true });
  const config = path.join(FUZZ_DIR(), 'schemathesis.toml');
  await writeFile(
    config,
    `${await readFile(path.join(REPO_ROOT, 'tools', 'fuzz', 'schemathesis.toml'), 'utf8')}\n` +
      `[phases.stateful]\nmax-steps = ${options.steps}\n\n` +
      `[phases.stateful.generation]\nmax-examples = ${options.sequences}\n`,
  );
  const args = [
    '--config-file',
    config,
    'run',
    path.join(REPO_ROOT, 'openapi', 'openapi.yaml'),
    '--url',
    gatewayUrl,
    '--checks',
    'all',
    '--exclude-checks',
    EXCLUDED_CHECKS.join(','),
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    String(options.maxExamples),
    '--workers',
    String(options.workers),
    '--request-timeout',
    '30',
    '--no-color',
    '--report',
    'ndjson,junit',
    '--report-dir',
    reportDir,
    ...(options.seed ? ['--seed', options.seed] : []),
  ];
  const env = {
    ...process.env,
    PYTHONPATH: path.join(REPO_ROOT, 'tools', 'fuzz'),
    SCHEMATHESIS_HOOKS: 'hooks',
    FUZZ_ADMIN_TOKEN: token,
  };
  log(`schemathesis ${args.join(' ')}`);
  // Its example database (.hypothesis/) lands in the working directory: keep it out of the repository.
  const exitCode = await runReworded(binary, args, env, FUZZ_DIR());
  const ndjson = (await readdir(reportDir)).find((name) => name.endsWith('.ndjson'));
  if (!ndjson) throw new Error(`Schemathesis wrote no report to ${reportDir}`);
  return { exitCode, report: path.join(reportDir, ndjson) };
}

function print(summary: FuzzSummary): void {
  const width = Math.max(...summary.operations.map((op) => op.label.length));
  process.stdout.write(`\n  ${'operation'.padEnd(width)}  requests    2xx  failed checks\n`);
  for (const op of summary.operations) {
    const failed = op.failures > 0 ? `  ${op.failures} FAILED` : '';
    process.stdout.write(
      `  ${op.label.padEnd(width)}  ${String(op.requests).padStart(8)}  ${String(op.succeeded).padStart(5)}${failed}\n`,
    );
  }
  process.stdout.write(
    `\ntotal: ${summary.requests} requests, ${summary.covered}/${summary.operations.length} operations covered, ` +
      `${summary.serverErrors} server errors (5xx), ${summary.unanswered} unanswered, ${summary.failures} failed checks` +
      (summary.undeclaredRequests > 0
        ? `, ${summary.undeclaredRequests} requests to undeclared methods`
        : '') +
      '\n',
  );
  const checks = Object.entries(summary.checks).map(([name, t]) => `${name} ${t.ran - t.failed}/${t.ran}`);
  process.stdout.write(`checks passed/run: ${checks.join(', ')}\n`);
  for (const failure of summary.failureSamples) process.stdout.write(`  failure: ${failure}\n`);
}

const DRAIN_TIMEOUT_MS = 180_000;

/**
 * Waits until no rebuild the fuzzer started is running and every projection has caught up, so the
 * read-model check compares settled data and whatever runs next finds a quiet system.
 */
async function drain(gatewayUrl: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(new URL('/v1/projections/status', gatewayUrl), {
        signal: AbortSignal.timeout(5000),
      });
      const status = (await answer.json()) as {
        projections: Array<{ name: string; state: string; consumerLag: number; rebuild: unknown }>;
      };
      const busy = status.projections.filter(
        (p) => p.state !== 'live' || p.consumerLag > 0 || p.rebuild !== null,
      );
      if (answer.ok && busy.length === 0) return;
      last = busy.map((p) => `${p.name}: ${p.state}, lag ${p.consumerLag}`).join('; ');
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  throw new Error(`the projections did not settle within ${DRAIN_TIMEOUT_MS / 1000}s (${last})`);
}

async function verify(env: NodeJS.ProcessEnv): Promise<boolean> {
  const cli = (file: string) => path.join(REPO_ROOT, 'dist', file);
  const events = await run(
    process.execPath,
    [cli('apps/command-api/src/operations/verify-event-fold/verify-event-fold.cli.js')],
    env,
  );
  const readModel = await run(process.execPath, [cli('apps/projector/src/verify/verify.cli.js')], env);
  return events === 0 && readModel === 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'max-examples': { type: 'string', default: '60' },
      'stateful-sequences': { type: 'string', default: '300' },
      'stateful-steps': { type: 'string', default: '20' },
      'min-requests': { type: 'string', default: '1000' },
      workers: { type: 'string', default: '2' },
      seed: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const binary = await ensureSchemathesis();
  let system: RunningSystem | undefined;
  let env: NodeJS.ProcessEnv = process.env;
  let secret = process.env.JWT_SECRET;
  try {
    if (!process.env.GATEWAY_URL) {
      secret = TEST_JWT_SECRET;
      log('starting a system of its own (stack, migrations, topics, apps)');
      system = await startSystem({
        build: !values['no-build'],
        apps: true,
        echoLogs: false,
        demoData: true,
        env: { ...process.env, DEV_MODE: 'true', JWT_SECRET: secret },
        log: (message) => log(`[start] ${message}`),
        stopOnSignal: true,
      });
      env = { ...process.env, ...system.env };
    }
    const gatewayUrl = env.GATEWAY_URL!;
    const started = Date.now();
    const { exitCode, report } = await fuzz(binary, gatewayUrl, adminToken(secret), {
      maxExamples: Number(values['max-examples']),
      workers: Number(values.workers),
      seed: values.seed,
      sequences: Number(values['stateful-sequences']),
      steps: Number(values['stateful-steps']),
    });
    const summary = summarise(
      await readFile(report, 'utf8'),
      await readFile(path.join(REPO_ROOT, 'openapi', 'openapi.yaml'), 'utf8'),
    );
    print(summary);
    log(`fuzzing took ${((Date.now() - started) / 1000).toFixed(0)}s; report: ${report}`);
    const problems: string[] = [];
    if (exitCode !== 0) problems.push(`Schemathesis exited ${exitCode}`);
    if (summary.failures > 0) problems.push(`${summary.failures} failed checks`);
    if (summary.serverErrors > 0) problems.push(`${summary.serverErrors} server errors`);
    if (summary.unanswered > 0) problems.push(`${summary.unanswered} requests got no answer`);
    if (summary.covered < summary.operations.length)
      problems.push(`${summary.operations.length - summary.covered} operations never requested`);
    if (summary.requests < Number(values['min-requests']))
      problems.push(`only ${summary.requests} requests (at least ${values['min-requests']} wanted)`);
    log('waiting for the projections to settle');
    await drain(gatewayUrl);
    log('checking the event store and the read model (npm run verify)');
    if (!(await verify(env))) problems.push('verify found discrepancies');
    if (problems.length > 0) throw new Error(problems.join('; '));
    log('passed');
  } finally {
    await system?.stop();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

import { parseArgs } from 'node:util';
import {
  SERVICE_NAMES,
  down,
  status,
  up,
  type ServiceName,
  type ServiceStatus,
  type UpResult,
} from './stack.ts';
import { errorMessage } from './wait.ts';

const USAGE = `usage: npm run stack -- <command> [options]

  up [--json] [--only a,b]      start postgres, redis and kafka (reusing running ones)
  down [--only a,b] [--purge]   stop them; --purge also deletes their data under .stack/
  status [--json] [--only a,b]  show each service; exit code 1 unless all are healthy

services: ${SERVICE_NAMES.join(', ')}
DATABASE_URL / REDIS_URL / KAFKA_BROKERS, when set, mark that service as external: probed, never started.
STACK_DIR overrides where data, logs and pids live (default: <repo>/.stack).`;

class UsageError extends Error {}

// kafkajs 2.2.4 arms a negative setTimeout on every connection, which Node 24 reports
// as a TimeoutNegativeWarning (tulios/kafkajs#1751): harmless, but it reads like a fault.
function muteKafkajsTimerWarning(): void {
  const defaults = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') for (const listener of defaults) listener(warning);
  });
}

function parseOnly(value: string | undefined): ServiceName[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SERVICE_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown service(s): ${unknown.join(', ')}`);
  return names as ServiceName[];
}

function printUp(result: UpResult): void {
  for (const how of ['started', 'reused', 'external'] as const) {
    for (const name of result[how]) console.log(`${name.padEnd(9)} ${how}`);
  }
  console.log('');
  for (const [key, value] of Object.entries(result.env)) console.log(`export ${key}=${value}`);
}

function printStatus(rows: ServiceStatus[]): void {
  console.log(`${'SERVICE'.padEnd(9)} ${'PORT'.padEnd(6)} ${'PID'.padEnd(8)} ${'STATE'.padEnd(9)} URL`);
  for (const row of rows) {
    const state = row.state === 'external' && !row.healthy ? 'external (unreachable)' : row.state;
    const port = row.state === 'external' ? '-' : String(row.port);
    console.log(
      `${row.name.padEnd(9)} ${port.padEnd(6)} ${String(row.pid ?? '-').padEnd(8)} ${state.padEnd(9)} ${row.url}`,
    );
    if (row.detail) console.log(`          ${row.detail}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      purge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
  const only = parseOnly(values.only);
  switch (command) {
    case 'up': {
      const result = await up({ only });
      if (values.json) console.log(JSON.stringify(result));
      else printUp(result);
      return 0;
    }
    case 'down': {
      const result = await down({ only, purge: values.purge });
      console.log(
        `stopped: ${result.stopped.join(', ') || 'none'}; not running: ${result.notRunning.join(', ') || 'none'}`,
      );
      return 0;
    }
    case 'status': {
      const rows = await status({ only });
      if (values.json) console.log(JSON.stringify(rows));
      else printStatus(rows);
      return rows.every((row) => row.healthy) ? 0 : 1;
    }
    default:
      throw new UsageError(command ? `unknown command: ${command}` : 'missing command');
  }
}

muteKafkajsTimerWarning();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(usage ? `${errorMessage(err)}\n\n${USAGE}` : `stack: ${errorMessage(err)}`);
  process.exitCode = usage ? 2 : 1;
}

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { access, glob, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { ensureKafkaJars, javaBinary } from '../../tools/stack/kafka.ts';
import { REPO_ROOT, stackDir } from '../../tools/stack/paths.ts';
import { whichBinary } from '../../tools/stack/proc.ts';

type Log = (message: string) => void;

interface Captured {
  code: number | null;
  stdout: string;
  stderr: string;
}

function capture(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function checked(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv) {
  const out = await capture(command, args, env);
  if (out.code !== 0) throw new Error(`${label} failed (exit ${out.code}): ${out.stderr.slice(-2000)}`);
  return out;
}

/**
 * pgbench: on PATH, or in a Debian PostgreSQL directory. As root it is installed with apt when missing
 * (Debian ships it in postgresql-client from PostgreSQL 16 on, in the server package before that; the
 * server package is told not to create and start a cluster of its own).
 */
async function pgbenchBinary(log: Log): Promise<string> {
  const find = async () => {
    for await (const found of glob('/usr/lib/postgresql/*/bin/pgbench')) return found;
    return whichBinary('pgbench');
  };
  const found = await find();
  if (found) return found;
  if (userInfo().uid !== 0)
    throw new Error('pgbench not found: install it (e.g. `sudo apt-get install postgresql-client`)');
  log('pgbench not found, installing it with apt-get (one-off)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await checked('apt-get update', 'apt-get', ['update'], env);
  for (const pkg of ['postgresql-client', 'postgresql']) {
    if (pkg === 'postgresql') {
      await mkdir('/etc/postgresql-common', { recursive: true });
      await access('/etc/postgresql-common/createcluster.conf').catch(() =>
        writeFile('/etc/postgresql-common/createcluster.conf', 'create_main_cluster = false\n'),
      );
    }
    await checked(
      `apt-get install ${pkg}`,
      'apt-get',
      ['install', '-y', '--no-install-recommends', pkg],
      env,
    );
    const installed = await find();
    if (installed) return installed;
  }
  throw new Error('apt-get installed PostgreSQL but pgbench is still not found');
}

const require = createRequire(import.meta.url);
const statement = (file: string, name: string): string => {
  const exported = (require(path.join(REPO_ROOT, 'dist', file)) as Record<string, string | { text: string }>)[
    name
  ];
  if (!exported) throw new Error(`${name} not found in dist/${file}: run npm run build`);
  return typeof exported === 'string' ? exported : exported.text;
};

/** Puts pgbench expressions where the command path binds $1, $2, … */
const bind = (sql: string, values: string[]) =>
  sql
    .replace(/\$(\d+)/g, (_, n: string) => values[Number(n) - 1] ?? `$${n}`)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * One adjustment as the command API runs it: the very statements of the command path (read from
 * dist/), in the same order and round trips, with pgbench variables where the API binds values.
 */
function adjustmentScript(stores: number, skus: number): string {
  // pgbench sends variables as untyped parameters: every use says its type.
  const store = `('PGB-S' || :s::text)`;
  const sku = `('PGB-P' || :p::text)`;
  const key = `(:client_id::text || '-' || :k::text)`;
  const onHand = '(:oh2)::int';
  const version = '(:v2)::int';
  const eventId = `md5(${key})::uuid`;
  const stream = `(${store} || ':' || ${sku})`;
  const payload = `json_build_object('storeId', ${store}, 'sku', ${sku}, 'delta', 1, 'reason', 'manual', 'onHand', ${onHand}, 'reserved', 0, 'available', ${onHand}, 'version', ${version})`;
  const metadata = `json_build_object('traceId', md5(${key} || 't'), 'correlationId', md5(${key} || 't'), 'idempotencyKey', ${key}, 'actor', 'pgbench')`;
  const envelope = `json_build_object('eventId', ${eventId}, 'eventType', 'StockAdjusted', 'eventVersion', 1, 'occurredAt', now(), 'aggregate', json_build_object('type', 'stock-item', 'id', ${stream}, 'version', ${version}), 'payload', ${payload}, 'metadata', ${metadata})::text`;
  const headers = `json_build_object('ce_specversion', '1.0', 'ce_id', ${eventId}, 'ce_type', 'StockAdjusted', 'ce_source', '/inventory/command-api', 'ce_time', now(), 'ce_subject', ${stream}, 'traceparent', '00-' || md5(${key}) || '-' || left(md5(${key} || 's'), 16) || '-01')::jsonb`;
  const response = `json_build_object('body', ${payload}, 'headers', json_build_object('etag', '"' || ${version} || '"'))::text`;
  const [lockKey, storedOutcome] = ['LOCK_KEYS', 'STORED_OUTCOMES'].map((name) =>
    bind(statement('apps/command-api/src/command-store/idempotency.sql.js', name), [
      `ARRAY['pgbench']`,
      `ARRAY[${key}]`,
    ]),
  );
  const lock = bind(statement('apps/command-api/src/stock/stock-rows.js', 'LOCK_STOCK'), [
    `ARRAY[${store}]`,
    `ARRAY[${sku}]`,
    `'{}'`,
  ]);
  const save = bind(statement('apps/command-api/src/stock/stock-rows.js', 'SAVE_ITEMS'), [
    `ARRAY[${store}]`,
    `ARRAY[${sku}]`,
    `ARRAY[${onHand}]`,
    'ARRAY[0]',
    `ARRAY[${version}]`,
    `'{}'`,
    `'{}'`,
    `'{}'`,
    `'{}'`,
    `'{}'`,
  ]);
  const append = bind(
    statement('apps/command-api/src/command-store/idempotency.sql.js', 'APPEND_AND_REMEMBER'),
    [
      `ARRAY[${eventId}]`,
      `ARRAY['stock-item']`,
      `ARRAY[${stream}]`,
      `ARRAY[${version}]`,
      `ARRAY['StockAdjusted']`,
      'ARRAY[1]',
      'ARRAY[now()]',
      `ARRAY[${payload}::jsonb]`,
      `ARRAY[${metadata}::jsonb]`,
      `ARRAY['stock.events']`,
      `ARRAY[${stream}]`,
      `ARRAY[${envelope}]`,
      `ARRAY[${headers}]`,
      `ARRAY['pgbench']`,
      `ARRAY[${key}]`,
      `ARRAY['POST']`,
      `ARRAY['/v1/adjustments']`,
      `ARRAY[md5(${key})]`,
      'ARRAY[202]',
      `ARRAY[${response}]`,
      '24',
    ],
  );
  return [
    `\\set s random(1, ${stores})`,
    `\\set p random(1, ${skus})`,
    '\\set k random(1, 1000000000000000)',
    'BEGIN;',
    `${lockKey};`,
    `${storedOutcome};`,
    `SELECT (items->0->>'on_hand')::int AS oh, (items->0->>'version')::int AS v FROM (${lock}) AS locked \\gset`,
    '\\set oh2 :oh + 1',
    '\\set v2 :v + 1',
    `${save};`,
    `${append};`,
    'COMMIT;',
    '',
  ].join('\n');
}

export interface PgbenchResult {
  clients: number;
  seconds: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  binary: string;
}

/**
 * pgbench runs the command path's adjustment transaction at `clients` clients against a private
 * database on the same PostgreSQL (migrated like the real one, seeded with `stores × skus` items), so
 * it never touches the system's data; the database is dropped afterwards.
 */
export async function runPgbench(
  databaseUrl: string,
  options: { clients: number; seconds: number; stores: number; skus: number },
  log: Log,
): Promise<PgbenchResult> {
  const binary = await pgbenchBinary(log);
  const name = `bench_pgbench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  try {
    await checked(
      'migrations',
      process.execPath,
      [path.join(REPO_ROOT, 'dist/libs/persistence/src/cli/migrate.js')],
      {
        ...process.env,
        DATABASE_URL: url.toString(),
        READ_DATABASE_URL: url.toString(),
      },
    );
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query(
      `INSERT INTO command.stores (store_id, name, version) SELECT 'PGB-S' || n, 'pgbench', 1 FROM generate_series(1, $1::int) n`,
      [options.stores],
    );
    await db.query(
      `INSERT INTO command.products (sku, name, version) SELECT 'PGB-P' || n, 'pgbench', 1 FROM generate_series(1, $1::int) n`,
      [options.skus],
    );
    await db.query(
      `INSERT INTO command.stock_items (store_id, sku, on_hand, reserved, version)
       SELECT 'PGB-S' || s, 'PGB-P' || p, 1000, 0, 1 FROM generate_series(1, $1::int) s, generate_series(1, $2::int) p`,
      [options.stores, options.skus],
    );
    await db.query('VACUUM ANALYZE');
    await db.end();
    const dir = path.join(stackDir(), 'bench');
    await mkdir(dir, { recursive: true });
    const script = path.join(dir, 'pgbench-adjustment.sql');
    await writeFile(script, adjustmentScript(options.stores, options.skus));
    const out = await checked(
      'pgbench',
      binary,
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(options.clients),
        '-j',
        '2',
        '-T',
        String(options.seconds),
        '-f',
        script,
        '-h',
        url.hostname,
        '-p',
        url.port,
        '-U',
        decodeURIComponent(url.username),
        name,
      ],
      { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
    );
    const number = (pattern: RegExp) => Number(pattern.exec(out.stdout)?.[1] ?? NaN);
    return {
      clients: options.clients,
      seconds: options.seconds,
      tps: Math.round(number(/^tps = ([\d.]+)/m)),
      latencyAvgMs: number(/^latency average = ([\d.]+) ms/m),
      transactions: number(/^number of transactions actually processed: (\d+)/m),
      failed: number(/^number of failed transactions: (\d+)/m) || 0,
      binary,
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

export interface ProducerPerfResult {
  records: number;
  recordSize: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  avgLatencyMs: number;
  p99LatencyMs: number;
}

/**
 * Kafka's own ProducerPerformance (`acks=all`, idempotent by default) into a fresh topic with the
 * events topics' partition count, at the relay's message size.
 */
export async function runProducerPerf(
  brokers: string,
  options: { records: number; recordSize: number; partitions: number },
  log: Log,
): Promise<ProducerPerfResult> {
  const libs = path.join(stackDir(), 'bench', 'kafka-libs');
  await ensureKafkaJars(log, libs);
  const topic = `bench-producer-perf-${randomUUID().slice(0, 8)}`;
  const kafka = new kafkajs.Kafka({ brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: options.partitions }] });
  try {
    const out = await checked('ProducerPerformance', await javaBinary(), [
      '-Xms256m',
      '-Xmx512m',
      '-cp',
      path.join(libs, '*'),
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      topic,
      '--num-records',
      String(options.records),
      '--record-size',
      String(options.recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${brokers}`,
      'acks=all',
    ]);
    // "N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, …"
    const summary =
      /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency.*?([\d.]+) ms 99th/.exec(
        out.stdout,
      );
    if (!summary) throw new Error(`unexpected ProducerPerformance output: ${out.stdout.slice(-500)}`);
    return {
      records: Number(summary[1]),
      recordSize: options.recordSize,
      recordsPerSecond: Math.round(Number(summary[2])),
      mbPerSecond: Number(summary[3]),
      avgLatencyMs: Number(summary[4]),
      p99LatencyMs: Number(summary[5]),
    };
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Where the stack is: the same variables the apps read, with the local stack's defaults. */
export interface Stack {
  databaseUrl: string;
  kafkaBrokers: string;
  /** The environment child processes (migrations, the relay) start from. */
  processEnv: NodeJS.ProcessEnv;
}

/**
 * A private database (migrated like the real one) and topic for one benchmark run, plus the relay
 * processes that publish it, built from dist/ exactly as `npm start` runs them.
 */
export class BenchBed {
  readonly stack: Stack;
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly topic: string;
  readonly pool: pg.Pool;
  readonly kafka: kafkajs.Kafka;
  private relay?: { child: ChildProcess; url: string; exited: Promise<void> };

  private constructor(stack: Stack, databaseName: string, databaseUrl: string, topic: string) {
    this.stack = stack;
    this.databaseName = databaseName;
    this.databaseUrl = databaseUrl;
    this.topic = topic;
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 40, application_name: 'relay-bench' });
    this.kafka = new kafkajs.Kafka({
      clientId: 'relay-bench',
      brokers: stack.kafkaBrokers.split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    });
  }

  static async create(stack: Stack): Promise<BenchBed> {
    const id = randomUUID().replaceAll('-', '').slice(0, 10);
    const databaseName = `relay_bench_${id}`;
    await withClient(stack.databaseUrl, (client) => client.query(`CREATE DATABASE ${databaseName}`));
    const url = new URL(stack.databaseUrl);
    url.pathname = `/${databaseName}`;
    await run(process.execPath, [path.join(REPO_ROOT, 'dist/libs/persistence/src/cli/migrate.js')], {
      ...stack.processEnv,
      DATABASE_URL: url.toString(),
      READ_DATABASE_URL: url.toString(),
    });
    const bed = new BenchBed(stack, databaseName, url.toString(), `relay-bench-${id}`);
    const admin = bed.kafka.admin();
    await admin.connect();
    // LogAppendTime: each record carries the moment the broker appended it, i.e. "on Kafka".
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: bed.topic,
          numPartitions: 6,
          configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
        },
        { topic: `${bed.topic}.dlt`, numPartitions: 6 },
      ],
    });
    await admin.disconnect();
    await bed.pool.query(`INSERT INTO command.stores (store_id, name, version) VALUES ('BENCH', 'bench', 1)`);
    return bed;
  }

  /** (Re)starts the relay (dist build) against this database and waits until it leads. */
  async startRelay(env: Record<string, string> = {}): Promise<void> {
    await this.stopRelay();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        path.join(REPO_ROOT, 'dist/apps/outbox-relay/src/main.js'),
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...this.stack.processEnv,
          DATABASE_URL: this.databaseUrl,
          KAFKA_BROKERS: this.stack.kafkaBrokers,
          OUTBOX_RELAY_PORT: String(port),
          LOG_LEVEL: 'error',
          ...env,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.relay = { child, url: `http://127.0.0.1:${port}`, exited };
    for (const deadline = Date.now() + 30_000; ;) {
      const role = await fetch(`${this.relay.url}/v1/outbox/status`)
        .then((answer) => answer.json() as Promise<{ role: string }>)
        .then((status) => status.role)
        .catch(() => 'down');
      if (role === 'leader') return;
      if (Date.now() > deadline) throw new Error('the relay did not become leader');
      await sleep(50);
    }
  }

  /** The relay's CPU time so far (user + system, ms) and how many batches it has published. */
  async relayWork(): Promise<{ cpuMs: number; passes: number }> {
    if (!this.relay) return { cpuMs: 0, passes: 0 };
    const stat = (await readFile(`/proc/${this.relay.child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks of 10 ms.
    const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10;
    const metrics = await (await fetch(`${this.relay.url}/metrics`)).text();
    const passes = Number(/^outbox_publish_batch_seconds_count\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    return { cpuMs, passes };
  }

  async stopRelay(): Promise<void> {
    if (!this.relay) return;
    this.relay.child.kill('SIGTERM');
    await this.relay.exited;
    this.relay = undefined;
  }

  async unpublished(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM command.outbox WHERE published_at IS NULL',
    );
    return rows[0]!.n;
  }

  async dispose(): Promise<void> {
    await this.stopRelay();
    await this.pool.end();
    await withClient(this.stack.databaseUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`),
    );
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [this.topic, `${this.topic}.dlt`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

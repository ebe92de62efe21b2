import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pg from 'pg';
// Type-only, so Node's type stripping (bench/) erases it: the kit stays loadable without path aliases.
import type { RelayStatus } from '../../../contracts/src/http/relay-status.dto.ts';
import { eventually } from './eventually.ts';
import { freePort } from './free-port.ts';

/** Where the stack is: the same variables the apps read. */
export interface RelayStack {
  databaseUrl: string;
  kafkaBrokers: string;
  /** The environment the migrations and relay processes start from (PATH and the like). */
  processEnv: NodeJS.ProcessEnv;
  /** The checkout whose dist/ build is run. */
  repoRoot: string;
}

export interface RelayTestbedOptions {
  /** Names the database, the topics, the relays and their logs: `relay-it` for tests, `relay-bench`. */
  name?: string;
  topicConfig?: Array<{ name: string; value: string }>;
  poolSize?: number;
}

export interface TestRow {
  key: string;
  value?: string;
  eventId?: string;
  topic?: string;
}

export interface ConsumedRecord {
  partition: number;
  offset: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

/** What runs a statement: the testbed's pool, or a client inside a transaction. */
export interface RowQuery {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * A private outbox for one test file or benchmark run: its own database on the stack's PostgreSQL
 * (migrated like the real one) and its own topics, so the relays it starts (from dist/, as `npm start`
 * runs them) never meet the system's relay, and the caller can kill them, flood the outbox or poison
 * it without disturbing anyone.
 */
export class RelayTestbed {
  readonly relays: RelayProcess[] = [];
  readonly stack: RelayStack;
  readonly name: string;
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly topic: string;
  readonly pool: pg.Pool;
  readonly database: RowQuery;
  readonly kafka: kafkajs.Kafka;

  // Plain fields, not parameter properties: Node's type stripping (bench/) only erases types.
  private constructor(stack: RelayStack, name: string, id: string, databaseUrl: string, poolSize: number) {
    this.stack = stack;
    this.name = name;
    this.databaseName = `${name.replaceAll('-', '_')}_${id}`;
    this.databaseUrl = databaseUrl;
    this.topic = `${name}-${id}`;
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolSize,
      statement_timeout: 30_000,
      application_name: name,
    });
    this.database = { query: async (sql, params) => (await this.pool.query(sql, params)).rows };
    this.kafka = new kafkajs.Kafka({
      clientId: `${name}-${id}`,
      brokers: stack.kafkaBrokers.split(','),
      logLevel: kafkajs.logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5000 },
    });
  }

  static async create(stack: RelayStack, options: RelayTestbedOptions = {}): Promise<RelayTestbed> {
    const name = options.name ?? 'relay-it';
    const id = randomUUID().replaceAll('-', '').slice(0, 12);
    const url = new URL(stack.databaseUrl);
    url.pathname = `/${name.replaceAll('-', '_')}_${id}`;
    const bed = new RelayTestbed(stack, name, id, url.toString(), options.poolSize ?? 24);
    await withClient(stack.databaseUrl, (client) => client.query(`CREATE DATABASE ${bed.databaseName}`));
    await bed.run([path.join(stack.repoRoot, 'dist/libs/persistence/src/cli/migrate.js')], {
      DATABASE_URL: bed.databaseUrl,
      READ_DATABASE_URL: bed.databaseUrl,
    });
    const admin = bed.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: bed.topic,
            numPartitions: 6,
            replicationFactor: 1,
            configEntries: options.topicConfig ?? [],
          },
          { topic: `${bed.topic}.dlt`, numPartitions: 6, replicationFactor: 1 },
        ],
      });
    } finally {
      await admin.disconnect();
    }
    return bed;
  }

  /** Starts a relay on a free port against this testbed's database and waits for its /health. */
  async startRelay(env: Record<string, string> = {}): Promise<RelayProcess> {
    const port = await freePort();
    const logDir = path.join(this.stack.repoRoot, '.stack/logs');
    mkdirSync(logDir, { recursive: true });
    const name = `${this.name}-${this.databaseName}-${this.relays.length + 1}`;
    const log = createWriteStream(path.join(logDir, `${name}.log`));
    const main = path.join(this.stack.repoRoot, 'dist/apps/outbox-relay/src/main.js');
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', main], {
      cwd: this.stack.repoRoot,
      env: {
        ...this.stack.processEnv,
        DATABASE_URL: this.databaseUrl,
        KAFKA_BROKERS: this.stack.kafkaBrokers,
        OUTBOX_RELAY_PORT: String(port),
        KAFKA_CLIENT_ID: name,
        DEV_MODE: 'true',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const relay = new RelayProcess(name, child, `http://127.0.0.1:${port}`);
    this.relays.push(relay);
    await eventually(
      async () => {
        if (relay.exited) throw new Error(`${name} exited at start; see .stack/logs/${name}.log`);
        const answer = await fetch(`${relay.url}/health`);
        if (!answer.ok) throw new Error(`${name} is not up yet`);
      },
      30_000,
      100,
    );
    return relay;
  }

  /** Inserts rows the way the command API does: an event and its outbox row, in one statement. */
  async insert(rows: TestRow[], sql: RowQuery = this.database): Promise<string[]> {
    const ids = rows.map((row) => row.eventId ?? randomUUID());
    const inserted = await sql.query<{ id: string }>(INSERT_EVENTS, [
      ids,
      rows.map((row) => row.key),
      rows.map((row) => row.topic ?? this.topic),
      rows.map((row) => row.value ?? JSON.stringify({ key: row.key })),
      rows.map((_, i) => JSON.stringify({ ce_id: ids[i] })),
    ]);
    return inserted.map((row) => row.id);
  }

  /** Notifies the relays' channel (`OUTBOX_CHANNEL` of @inventory/persistence, out of reach of bench/). */
  async wake(): Promise<void> {
    await this.pool.query(`SELECT pg_notify('outbox', '')`);
  }

  async unpublished(): Promise<number> {
    const [row] = await this.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM command.outbox WHERE published_at IS NULL',
    );
    return row!.n;
  }

  /** Every record of `topic` from the beginning up to its end as of now, in partition order. */
  async readTopic(topic = this.topic): Promise<ConsumedRecord[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)] as const),
    );
    await admin.disconnect();
    const records: ConsumedRecord[] = [];
    const remaining = new Set([...ends].filter(([, end]) => end > 0n).map(([partition]) => partition));
    if (remaining.size === 0) return records;
    const consumer = this.kafka.consumer({ groupId: `${this.name}-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const done = new Promise<void>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= ends.get(batch.partition)!) continue;
              records.push({
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? null,
                headers: Object.fromEntries(
                  Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
                ),
              });
            }
            const last = batch.messages[batch.messages.length - 1];
            if (last && BigInt(last.offset) + 1n >= ends.get(batch.partition)!)
              remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        });
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        done,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 60_000);
        }),
      ]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
    }
    return records;
  }

  /** Stops every relay this testbed started (SIGKILL unless told), so the next test starts from none. */
  async stopRelays(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(this.relays.map((relay) => relay.kill(signal)));
  }

  async dispose(): Promise<void> {
    await this.stopRelays();
    await this.pool.end();
    await withClient(this.stack.databaseUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`),
    );
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [this.topic, `${this.topic}.dlt`] }).catch(() => undefined);
    await admin.disconnect();
  }

  private run(args: string[], env: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: this.stack.repoRoot,
        env: { ...this.stack.processEnv, ...env },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}`))));
    });
  }
}

const INSERT_EVENTS = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
      WITH ORDINALITY AS t(event_id, key, topic, value, headers, n)
  ), events AS (
    INSERT INTO command.events
      (event_id, stream_type, stream_id, stream_version, event_type, event_version, occurred_at, payload, metadata)
    SELECT event_id, 'relay-test', key || ':' || event_id, 1, 'RelayTested', 1, now(), '{}', '{}' FROM input
  )
  INSERT INTO command.outbox (event_id, topic, key, value, headers)
  SELECT event_id, topic, key, value, headers FROM input ORDER BY n
  RETURNING id`;

/** A relay as a child process, as the system runs it. */
export class RelayProcess {
  exited?: { code: number | null; signal: NodeJS.Signals | null };
  readonly name: string;
  readonly child: ChildProcess;
  readonly url: string;
  private readonly exit: Promise<void>;

  constructor(name: string, child: ChildProcess, url: string) {
    this.name = name;
    this.child = child;
    this.url = url;
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve();
      }),
    );
  }

  async status(): Promise<RelayStatus> {
    const answer = await fetch(`${this.url}/v1/outbox/status`);
    if (!answer.ok) throw new Error(`${this.name} status: ${answer.status}`);
    return (await answer.json()) as RelayStatus;
  }

  /** Waits until this relay holds the leadership. */
  async untilLeader(timeoutMs = 30_000): Promise<void> {
    await eventually(
      async () => {
        if ((await this.status()).role !== 'leader') throw new Error(`${this.name} did not become leader`);
      },
      timeoutMs,
      50,
    );
  }

  async request(method: string, route: string, token?: string): Promise<{ status: number; body: unknown }> {
    const answer = await fetch(`${this.url}${route}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: answer.status, body: await answer.json() };
  }

  /** The relay's CPU time so far (user + system, ms) and how many batches it has published. */
  async work(): Promise<{ cpuMs: number; passes: number }> {
    const stat = (await readFile(`/proc/${this.child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks of 10 ms.
    const cpuMs = (Number(stat[11]) + Number(stat[12])) * 10;
    const metrics = await (await fetch(`${this.url}/metrics`)).text();
    const passes = Number(/^outbox_publish_batch_seconds_count\{[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    return { cpuMs, passes };
  }

  /** Sends the signal and waits until the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.exited) this.child.kill(signal);
    await this.exit;
  }

  waitForExit(): Promise<void> {
    return this.exit;
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

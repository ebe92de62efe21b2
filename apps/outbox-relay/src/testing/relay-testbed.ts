import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createKafka } from '@inventory/messaging';
import { Database, migrate, OUTBOX_CHANNEL } from '@inventory/persistence';
import { createLogger } from '@inventory/platform';
import { eventually } from '@inventory/testing';
import type { ITopicConfig, Kafka } from 'kafkajs';
import type { RelayStatus } from '../status/relay-status.http.controller';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const RELAY_MAIN = path.join(REPO_ROOT, 'dist/apps/outbox-relay/src/main.js');
const LOG_DIR = path.join(REPO_ROOT, '.stack/logs');

/** What the running test stack told jest: passed in by the spec, which owns the environment. */
export interface StackEnv {
  databaseUrl: string;
  kafkaBrokers: string;
  /** The environment relay processes start from (PATH and the like). */
  processEnv: NodeJS.ProcessEnv;
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

/**
 * A private outbox for one test file: its own database on the stack's PostgreSQL (migrated like the
 * real one) and its own topics, so the relays it starts never meet the relay `npm test` runs, and the
 * test can kill them, flood the outbox or poison it without disturbing anyone.
 */
/** The stack the test run started, as `npm test` hands it to Jest. */
export function stackEnvFromProcess(): StackEnv {
  return {
    databaseUrl: process.env.DATABASE_URL!,
    kafkaBrokers: process.env.KAFKA_BROKERS!,
    processEnv: process.env,
  };
}

export class RelayTestbed {
  readonly relays: RelayProcess[] = [];

  private constructor(
    readonly env: StackEnv,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly database: Database,
    readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  static async create(
    env: StackEnv = stackEnvFromProcess(),
    topicConfig: ITopicConfig['configEntries'] = [],
  ): Promise<RelayTestbed> {
    const id = randomUUID().replaceAll('-', '').slice(0, 12);
    const databaseName = `relay_${id}`;
    const admin = new Database({
      url: env.databaseUrl,
      poolSize: 1,
      statementTimeoutMs: 60_000,
      applicationName: 'relay-testbed',
    });
    try {
      await admin.query(`CREATE DATABASE ${databaseName}`);
    } finally {
      await admin.close();
    }
    const url = new URL(env.databaseUrl);
    url.pathname = `/${databaseName}`;
    await migrate(url.toString(), url.toString());
    const database = new Database({
      url: url.toString(),
      poolSize: 24,
      statementTimeoutMs: 30_000,
      applicationName: 'relay-testbed',
    });
    const kafka = createKafka(
      { brokers: env.kafkaBrokers.split(','), clientId: `relay-testbed-${id}` },
      createLogger('relay-testbed', 'silent'),
    );
    const topic = `relay-it-${id}`;
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    try {
      await kafkaAdmin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic, numPartitions: 6, replicationFactor: 1, configEntries: topicConfig },
          { topic: `${topic}.dlt`, numPartitions: 6, replicationFactor: 1 },
        ],
      });
    } finally {
      await kafkaAdmin.disconnect();
    }
    return new RelayTestbed(env, databaseName, url.toString(), database, kafka, topic);
  }

  /** Starts `node dist/apps/outbox-relay/src/main.js` on a free port against this testbed's database. */
  async startRelay(extraEnv: Record<string, string> = {}): Promise<RelayProcess> {
    const port = await freePort();
    mkdirSync(LOG_DIR, { recursive: true });
    const name = `relay-test-${this.databaseName}-${this.relays.length + 1}`;
    const log = createWriteStream(path.join(LOG_DIR, `${name}.log`));
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', RELAY_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...this.env.processEnv,
        DATABASE_URL: this.databaseUrl,
        KAFKA_BROKERS: this.env.kafkaBrokers,
        OUTBOX_RELAY_PORT: String(port),
        KAFKA_CLIENT_ID: name,
        DEV_MODE: 'true',
        LOG_LEVEL: 'info',
        ...extraEnv,
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
  async insert(rows: TestRow[], sql: Pick<Database, 'query'> = this.database): Promise<string[]> {
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

  async wake(): Promise<void> {
    await this.database.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
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
    const consumer = this.kafka.consumer({ groupId: `relay-testbed-${randomUUID()}`, maxWaitTimeInMs: 100 });
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

  /** Kills every relay this testbed started, so the next test starts from none. */
  async stopRelays(): Promise<void> {
    await Promise.all(this.relays.map((relay) => relay.kill('SIGKILL')));
  }

  async dispose(): Promise<void> {
    await this.stopRelays();
    await this.database.close();
    const admin = new Database({
      url: this.env.databaseUrl,
      poolSize: 1,
      statementTimeoutMs: 60_000,
      applicationName: 'relay-testbed',
    });
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
    } finally {
      await admin.close();
    }
    const kafkaAdmin = this.kafka.admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.deleteTopics({ topics: [this.topic, `${this.topic}.dlt`] }).catch(() => undefined);
    await kafkaAdmin.disconnect();
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
  private readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly url: string,
  ) {
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

  async request(method: string, route: string, token?: string): Promise<{ status: number; body: unknown }> {
    const answer = await fetch(`${this.url}${route}`, {
      method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: answer.status, body: await answer.json() };
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

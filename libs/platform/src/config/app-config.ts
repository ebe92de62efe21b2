import { EnvReader } from './env';

export type AppName = 'command-api' | 'query-api' | 'outbox-relay' | 'projector' | 'gateway';
/** An app, or an operator command (migrations, topic bootstrap) that serves no HTTP. */
export type ProcessName = AppName | 'operator';

export const DEFAULT_PORTS: Record<AppName, number> = {
  gateway: 8080,
  'command-api': 8081,
  'query-api': 8082,
  'outbox-relay': 8083,
  projector: 8084,
};

/** The outbox: the command API's backlog bound and the relay's publishing, retry and purge settings. */
export interface OutboxSettings {
  backlogLimit: number;
  batchSize: number;
  pollIntervalMs: number;
  /** Publish attempts per row before it goes to `<topic>.dlt` and is marked failed. */
  maxAttempts: number;
  /** First wait before a row that failed is tried again; doubles per attempt up to `maxBackoffMs`. */
  retryBackoffMs: number;
  /** Cap of every relay backoff: per-row retries and "Kafka unreachable". */
  maxBackoffMs: number;
  /** Published rows older than this are deleted (the event store keeps every event regardless). */
  retentionSeconds: number;
  purgeIntervalMs: number;
  /** How often a standby tries the leader lock: bounds how long a failover takes. */
  standbyPollMs: number;
  /** How long SIGTERM waits for the batch in flight before abandoning it to the next leader. */
  shutdownGraceMs: number;
}

/** The whole system's settings, validated once at boot; each app uses the parts it needs. */
export class AppConfig {
  constructor(
    readonly app: ProcessName,
    readonly devMode: boolean,
    readonly logLevel: string,
    readonly http: { host: string; port: number },
    readonly upstreams: Record<AppName, string>,
    readonly database: { url: string; readUrl: string; poolSize: number; statementTimeoutMs: number },
    readonly redis: { url: string },
    readonly kafka: {
      brokers: string[];
      clientId: string;
      topicPartitions: number;
      replicationFactor: number;
      eventsRetentionMs: number;
    },
    readonly auth: { devToken?: string; jwtSecret?: string; jwtPublicKey?: string },
    readonly idempotency: { retentionHours: number },
    readonly outbox: OutboxSettings,
    /** The projector's scheduled read-model check: 0 turns it off. */
    readonly verify: { intervalMs: number; lagToleranceMs: number },
    /** Group commit: at most this many HTTP writes share one transaction. */
    readonly commands: { batchLimit: number },
  ) {}
}

export function loadConfig(app: ProcessName, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new EnvReader(env);
  const devMode = read.bool('DEV_MODE', false);
  const host = read.string('HOST', '127.0.0.1');
  const portOf = (name: AppName) =>
    read.int(`${name.toUpperCase().replace('-', '_')}_PORT`, DEFAULT_PORTS[name], 1, 65535);
  const upstreams = Object.fromEntries(
    (Object.keys(DEFAULT_PORTS) as AppName[]).map((name) => [
      name,
      read.string(`${name.toUpperCase().replace('-', '_')}_URL`, `http://127.0.0.1:${portOf(name)}`),
    ]),
  ) as Record<AppName, string>;
  const databaseUrl = read.string('DATABASE_URL', 'postgres://postgres:postgres@127.0.0.1:55432/inventory');
  const jwtSecret = read.optional('JWT_SECRET');
  const jwtPublicKey = read.optional('JWT_PUBLIC_KEY');
  read.check(
    devMode || Boolean(jwtSecret || jwtPublicKey) || app !== 'command-api',
    'JWT_SECRET or JWT_PUBLIC_KEY is required unless DEV_MODE=true',
  );
  const config = new AppConfig(
    app,
    devMode,
    read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    { host, port: app === 'operator' ? 0 : portOf(app) },
    upstreams,
    {
      url: databaseUrl,
      readUrl: read.string('READ_DATABASE_URL', databaseUrl),
      poolSize: read.int('DB_POOL_SIZE', 16, 1, 500),
      statementTimeoutMs: read.int('DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600000),
    },
    { url: read.string('REDIS_URL', 'redis://127.0.0.1:56379') },
    {
      brokers: read
        .string('KAFKA_BROKERS', '127.0.0.1:59092')
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
      clientId: read.string('KAFKA_CLIENT_ID', `inventory-${app}`),
      topicPartitions: read.int('TOPIC_PARTITIONS', 6, 1, 1000),
      replicationFactor: read.int('TOPIC_REPLICATION_FACTOR', 1, 1, 10),
      eventsRetentionMs: read.int('EVENTS_RETENTION_MS', -1, -1),
    },
    { devToken: devMode ? 'devtoken' : undefined, jwtSecret, jwtPublicKey },
    { retentionHours: read.int('IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 365) },
    {
      backlogLimit: read.int('OUTBOX_BACKLOG_LIMIT', 100_000, 1),
      batchSize: read.int('OUTBOX_BATCH_SIZE', 500, 1, 10_000),
      // A commit wakes the relay at once (LISTEN/NOTIFY); the poll only backs a lost notification up.
      pollIntervalMs: read.int('OUTBOX_POLL_INTERVAL_MS', 2000, 10, 60_000),
      maxAttempts: read.int('OUTBOX_MAX_ATTEMPTS', 3, 1, 100),
      retryBackoffMs: read.int('OUTBOX_RETRY_BACKOFF_MS', 1000, 10, 3_600_000),
      maxBackoffMs: read.int('OUTBOX_MAX_BACKOFF_MS', 5000, 100, 3_600_000),
      retentionSeconds: read.int('OUTBOX_RETENTION_SECONDS', 86_400, 0, 365 * 86_400),
      purgeIntervalMs: read.int('OUTBOX_PURGE_INTERVAL_MS', 60_000, 100, 86_400_000),
      standbyPollMs: read.int('OUTBOX_STANDBY_POLL_MS', 1000, 50, 60_000),
      shutdownGraceMs: read.int('OUTBOX_SHUTDOWN_GRACE_MS', 5000, 0, 600_000),
    },
    {
      intervalMs: read.int('VERIFY_INTERVAL_MS', 300_000, 0, 86_400_000),
      lagToleranceMs: read.int('VERIFY_LAG_TOLERANCE_MS', 30_000, 0, 3_600_000),
    },
    { batchLimit: read.int('COMMAND_BATCH_LIMIT', 128, 1, 1000) },
  );
  read.done();
  return config;
}

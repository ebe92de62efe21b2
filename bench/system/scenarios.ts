import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { startApp, stopApp, waitReady, type RunningApp } from '../../tools/start/apps.ts';
import { HttpClient } from './http-client.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import {
  anyUnpublished,
  countRequests,
  expectAccepted,
  inParallel,
  round,
  unpublished,
  until,
} from './seed.ts';
import type { Dataset } from './dataset.ts';

type Log = (message: string) => void;

/** The pid of the load process running now, for the resource monitor. */
export const loadProcess: { pid?: number } = {};

/** Runs one scenario's load in its own Node process and returns what it measured. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'load.ts'), '--spec', JSON.stringify(spec)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    loadProcess.pid = child.pid;
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      loadProcess.pid = undefined;
      if (code !== 0) reject(new Error(`load process for ${spec.kind} exited ${code}`));
      else resolve(JSON.parse(out) as LoadResult);
    });
  });
}

export interface Missing {
  status: 'missing';
  detail: string;
}

/**
 * Outbox row written → marked published (after Kafka acknowledged it) for the rows written between two
 * moments: an upper bound of commit → on Kafka (the row's time is its transaction's start).
 */
export async function commitToKafka(db: pg.Pool, from: Date, to: Date) {
  const { rows } = await db.query<{ rows: number; p50: number; p99: number; max: number }>(
    `SELECT count(*)::int AS rows,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
            max(ms) AS max
       FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms
               FROM command.outbox
              WHERE created_at BETWEEN $1 AND $2 AND published_at IS NOT NULL) AS published`,
    [from, to],
  );
  const row = rows[0]!;
  return {
    rows: row.rows,
    p50ms: round(row.p50 ?? NaN),
    p99ms: round(row.p99 ?? NaN),
    maxMs: round(row.max ?? NaN),
  };
}

export interface DrainResult {
  backlog: number;
  eventsPerSecond: number;
  /** First → last publish of the backlog. */
  publishSeconds: number;
  /** Relay process start → backlog empty (includes the relay's boot and leader election). */
  wallSeconds: number;
}

/**
 * Stops the relay, writes a `backlog`-event backlog through the command API (reconciliations that
 * change every line), starts the relay again and measures how fast it empties the outbox.
 */
export async function relayDrain(
  baseUrl: string,
  db: pg.Pool,
  data: Dataset,
  backlog: number,
  apps: RunningApp[],
  env: NodeJS.ProcessEnv,
  log: Log,
): Promise<DrainResult> {
  await until('outbox empty before the drain', async () => !(await anyUnpublished(db)), 300_000);
  const index = apps.findIndex((app) => app.name === 'outbox-relay');
  await stopApp(apps[index]!);
  const { rows } = await db.query<{ id: string }>(
    'SELECT coalesce(max(id), 0)::text AS id FROM command.outbox',
  );
  const marker = rows[0]!.id;
  const client = new HttpClient(baseUrl, 8);
  const lines = Math.min(1000, data.skus);
  const requests = countRequests(data, (r) => data.onHand + 1000 + r, Math.ceil(backlog / lines));
  await inParallel(requests, 4, async (body) => {
    await expectAccepted('backlog reconciliation', client.post('/v1/reconciliations', body));
  });
  client.close();
  const written = await unpublished(db, marker);
  log(`drain: ${written} events waiting; starting the relay`);
  const began = performance.now();
  // In place: the system stops whatever is in its list, this relay included.
  const relay = await startApp('outbox-relay', env, false);
  apps[index] = relay;
  await waitReady(relay);
  // Polled cheaply and not too often: the poll shares PostgreSQL with the relay it measures.
  await until('backlog drained', async () => !(await anyUnpublished(db, marker)), 600_000, 100);
  const wallSeconds = (performance.now() - began) / 1000;
  const { rows: span } = await db.query<{ seconds: number }>(
    `SELECT extract(epoch FROM max(published_at) - min(published_at))::float8 AS seconds
       FROM command.outbox WHERE id > $1`,
    [marker],
  );
  const publishSeconds = span[0]!.seconds;
  return {
    backlog: written,
    eventsPerSecond: Math.round(written / publishSeconds),
    publishSeconds: round(publishSeconds),
    wallSeconds: round(wallSeconds),
  };
}

export interface RebuildResult {
  /** Events the projector says it replayed into the new tables. */
  events: number;
  /** POST → every projection live again on the swapped tables. */
  seconds: number;
  eventsPerSecond: number;
  /** The projector's own figure: events applied over the replay's duration (without the swap). */
  replayEventsPerSecond: number;
  livePausedMs: number | null;
}

interface ProjectionsStatus {
  projections: Array<{ name: string; state: string }>;
  lastRebuild: {
    id: string;
    outcome: 'completed' | 'failed';
    error: string | null;
    eventsApplied: number;
    eventsPerSecond: number;
    livePausedMs: number | null;
  } | null;
}

/**
 * `POST /v1/projections/rebuild` (a replay of every topic from its start into shadow tables, then a
 * swap), then `GET /v1/projections/status` until that rebuild has an outcome and every projection is
 * `live` again.
 */
export async function rebuild(baseUrl: string, log: Log): Promise<RebuildResult | Missing> {
  const client = new HttpClient(baseUrl, 2);
  try {
    const began = performance.now();
    const started = await client.post('/v1/projections/rebuild', {});
    if (started.status === 404 || started.status === 405)
      return {
        status: 'missing',
        detail: `POST /v1/projections/rebuild answers ${started.status}: not built yet`,
      };
    if (started.status >= 300)
      throw new Error(`rebuild refused: HTTP ${started.status} ${started.body.slice(0, 300)}`);
    const { id } = JSON.parse(started.body) as { id: string };
    log(`rebuild ${id} started`);
    let status: ProjectionsStatus | undefined;
    await until(
      'rebuild finished and projections live',
      async () => {
        const answer = await client.get('/v1/projections/status');
        if (answer.status !== 200) return false;
        status = JSON.parse(answer.body) as ProjectionsStatus;
        return (
          status.lastRebuild?.id === id &&
          status.projections.every((projection) => projection.state === 'live')
        );
      },
      900_000,
      100,
    );
    const seconds = (performance.now() - began) / 1000;
    const outcome = status!.lastRebuild!;
    if (outcome.outcome !== 'completed') throw new Error(`rebuild failed: ${outcome.error}`);
    return {
      events: outcome.eventsApplied,
      seconds: round(seconds),
      eventsPerSecond: Math.round(outcome.eventsApplied / seconds),
      replayEventsPerSecond: outcome.eventsPerSecond,
      livePausedMs: outcome.livePausedMs,
    };
  } finally {
    client.close();
  }
}

/** Reads whose endpoint is not there yet are reported, not measured. */
export async function endpointMissing(
  baseUrl: string,
  path: string,
  body?: unknown,
): Promise<Missing | undefined> {
  const client = new HttpClient(baseUrl, 1);
  const answer = body === undefined ? await client.get(path) : await client.query(path, body);
  client.close();
  return answer.status === 404 || answer.status === 405
    ? {
        status: 'missing',
        detail: `${body === undefined ? 'GET' : 'POST'} ${path} answers ${answer.status}: not built yet`,
      }
    : undefined;
}

export interface StatementCost {
  /** The command database, or the read one (projector, query API). */
  database: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
}

/**
 * PostgreSQL's own account of a scenario (pg_stat_statements, when the server preloads it as the
 * local stack does): the statements that took the most execution time in any database (the command
 * side's and the read side's share the server), reset before each scenario.
 */
export class StatementStats {
  private available = false;
  private readonly db: pg.Pool;

  constructor(db: pg.Pool) {
    this.db = db;
  }

  async start(): Promise<void> {
    try {
      await this.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await this.db.query('SELECT pg_stat_statements_reset()');
      this.available = true;
    } catch {
      this.available = false;
    }
  }

  async top(limit = 12): Promise<StatementCost[] | undefined> {
    if (!this.available) return undefined;
    const { rows } = await this.db.query<{
      database: string;
      query: string;
      calls: string;
      total: number;
      mean: number;
    }>(
      `SELECT d.datname AS database, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query,
              s.calls::text, s.total_exec_time AS total, s.mean_exec_time AS mean
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        ORDER BY s.total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      database: row.database,
      query: row.query,
      calls: Number(row.calls),
      totalMs: round(row.total),
      meanMs: round(row.mean, 3),
    }));
  }
}

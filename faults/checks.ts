import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { HttpClient } from '../bench/system/http-client.ts';
import { until } from '../bench/system/seed.ts';
import { REPO_ROOT } from '../tools/stack/paths.ts';
import type { Acknowledged } from './load.ts';
import { sleep } from '../libs/testing/src/kit/sleep.ts';

const DRAIN_TIMEOUT_MS = 180_000;
const VERIFY_TIMEOUT_MS = 90_000;

interface ProjectionsStatus {
  projections: Array<{ name: string; state: string; consumerLag: number }>;
}

/**
 * Waits until the system has caught up with everything it acknowledged: no outbox row waiting, every
 * projection live with no consumer lag. Returns how long that took.
 */
export async function drain(db: pg.Pool, baseUrl: string): Promise<number> {
  const began = performance.now();
  const client = new HttpClient(baseUrl, 1, 'devtoken', 5_000);
  let last = 'nothing checked yet';
  try {
    await until(
      'system drained',
      async () => {
        const { rows } = await db.query<{ waiting: number; failed: number }>(
          `SELECT count(*) FILTER (WHERE published_at IS NULL AND failed_at IS NULL)::int AS waiting,
                  count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed
             FROM command.outbox WHERE published_at IS NULL`,
        );
        const { waiting, failed } = rows[0]!;
        if (failed > 0) throw new Error(`${failed} outbox rows refused (failed) instead of published`);
        if (waiting > 0) {
          last = `${waiting} outbox rows unpublished`;
          return false;
        }
        const answer = await client.get('/v1/projections/status').catch(() => undefined);
        if (answer?.status !== 200) {
          last = `projection status: ${answer?.status ?? 'no answer'}`;
          return false;
        }
        const behind = (JSON.parse(answer.body) as ProjectionsStatus).projections.filter(
          (p) => p.state !== 'live' || p.consumerLag > 0,
        );
        last = behind.map((p) => `${p.name} ${p.state} lag ${p.consumerLag}`).join(', ');
        return behind.length === 0;
      },
      DRAIN_TIMEOUT_MS,
      250,
    );
  } catch (error) {
    throw new Error(`not drained within ${DRAIN_TIMEOUT_MS / 1000}s: ${last}`, { cause: error });
  } finally {
    client.close();
  }
  return Math.round(performance.now() - began);
}

function runCli(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', file], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output: output.trim() }));
  });
}

export interface VerifyOutcome {
  ok: boolean;
  /** The CLIs' last lines: what was checked, or the discrepancies. */
  detail: string;
  ms: number;
}

/**
 * `npm run verify` on the drained system: every state row is the fold of its events, the read model
 * equals the command state, Redis equals the read model, each event is in the timeline once, nothing is
 * oversold. The read-model half is repeated while it fails, until VERIFY_TIMEOUT_MS: a Redis restarted
 * empty is re-warmed by the projector a moment later, and that is the behaviour under test.
 */
export async function verify(env: NodeJS.ProcessEnv): Promise<VerifyOutcome> {
  const began = performance.now();
  const cli = (file: string) => runCli(path.join(REPO_ROOT, 'dist', file), env);
  const events = await cli('apps/command-api/src/operations/verify-event-fold/verify-event-fold.cli.js');
  let readModel = await cli('apps/projector/src/verify/verify.cli.js');
  while (readModel.code !== 0 && performance.now() - began < VERIFY_TIMEOUT_MS) {
    await sleep(2_000);
    readModel = await cli('apps/projector/src/verify/verify.cli.js');
  }
  const tail = (output: string) => output.split('\n').slice(-4).join(' | ');
  return {
    ok: events.code === 0 && readModel.code === 0,
    detail: `events: ${tail(events.output)}; read model: ${tail(readModel.output)}`,
    ms: Math.round(performance.now() - began),
  };
}

export interface ExactlyOnce {
  /** Acknowledged (2xx) but with no stored outcome or no events under its key. */
  lost: string[];
  /** Applied more than once: a key whose events came from more than one transaction. */
  doubled: string[];
  /** Acknowledged, but the event at the version the answer reported is not this command's. */
  mismatched: string[];
}

/** The command each acknowledgement's answer names: its stream and the version it reported. */
function reportedStream(
  ack: Acknowledged,
): { streamType: string; streamId: string; version: number } | undefined {
  const body = ack.body;
  if (ack.operation === 'reserve' && typeof body.reservationId === 'string')
    return { streamType: 'reservation', streamId: body.reservationId, version: Number(body.version ?? 1) };
  if (typeof body.storeId === 'string' && typeof body.sku === 'string' && typeof body.version === 'number')
    return { streamType: 'stock-item', streamId: `${body.storeId}:${body.sku}`, version: body.version };
  return undefined;
}

/**
 * Every 2xx a client saw is in the event store exactly once: its key has a stored 2xx outcome and
 * events written by one transaction, and the stream version its answer reported holds an event of that
 * key. Keys under `keyPrefix` that were never acknowledged (a client gave up) must not be doubled either.
 */
export async function exactlyOnce(
  db: pg.Pool,
  keyPrefix: string,
  acknowledged: Acknowledged[],
): Promise<ExactlyOnce> {
  const { rows } = await db.query<{ key: string; stored: boolean; transactions: number }>(
    `WITH by_key AS (
       SELECT metadata->>'idempotencyKey' AS key, -- One transaction writes all of a command's events with one time and one trace id.
              count(DISTINCT (occurred_at, metadata->>'traceId'))::int AS transactions
         FROM command.events
        WHERE metadata->>'idempotencyKey' LIKE $1
        GROUP BY 1)
     SELECT coalesce(k.key, b.key) AS key,
            (k.status BETWEEN 200 AND 299) IS TRUE AS stored,
            coalesce(b.transactions, 0) AS transactions
       FROM (SELECT key, status FROM command.idempotency_keys WHERE principal = 'dev' AND key LIKE $1) k
       FULL JOIN by_key b ON b.key = k.key`,
    [`${keyPrefix}-%`],
  );
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const lost = acknowledged
    .filter((ack) => {
      const row = byKey.get(ack.key);
      return !row?.stored || row.transactions === 0;
    })
    .map((ack) => ack.key);
  const doubled = rows.filter((row) => row.transactions > 1).map((row) => row.key);

  const reported = acknowledged.flatMap((ack) => {
    const stream = reportedStream(ack);
    return stream ? [{ key: ack.key, ...stream }] : [];
  });
  const { rows: missing } = await db.query<{ key: string }>(
    `SELECT r.key
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS r(key, stream_type, stream_id, version)
      WHERE NOT EXISTS (
        SELECT 1 FROM command.events e
         WHERE e.stream_type = r.stream_type AND e.stream_id = r.stream_id AND e.stream_version = r.version
           AND e.metadata->>'idempotencyKey' = r.key)`,
    [
      reported.map((r) => r.key),
      reported.map((r) => r.streamType),
      reported.map((r) => r.streamId),
      reported.map((r) => r.version),
    ],
  );
  const unreported = acknowledged.length - reported.length;
  const mismatched = [
    ...missing.map((row) => row.key),
    ...(unreported > 0 ? [`${unreported} answers named no stream and version`] : []),
  ];
  return { lost, doubled, mismatched };
}

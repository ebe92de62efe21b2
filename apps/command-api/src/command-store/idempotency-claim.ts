import type { CommandTx } from '@inventory/persistence';
import { ProblemError, type WriteContext } from '@inventory/platform';
import type { CommandResult } from './command-result';
import { LOCK_KEYS, STORED_OUTCOMES, UPDATE_REMEMBERED } from './idempotency.sql';

/** The answer stored under a key (its status has a column of its own). */
interface StoredResponse {
  body: unknown;
  headers: Record<string, string>;
}

interface StoredRow {
  n: string;
  request_hash: string;
  status: number;
  response: string;
}

/**
 * What a request's key says: the stored answer to replay, a refusal (a twin still in flight, a key
 * reused for another request), or nothing when this request is the first with its key.
 */
export type Claim = CommandResult | ProblemError | undefined;

const inProgress = () =>
  new ProblemError(
    409,
    'IDEMPOTENCY.IN_PROGRESS',
    'a request with this Idempotency-Key is still being processed; retry shortly',
    {},
    { 'retry-after': '1' },
  );

function judge(context: WriteContext, locked: boolean, stored: StoredRow | undefined): Claim {
  if (!locked) return inProgress();
  if (!stored) return undefined;
  if (stored.request_hash !== context.fingerprint) {
    return new ProblemError(
      422,
      'IDEMPOTENCY.KEY_REUSED',
      'this Idempotency-Key was already used with a different request',
    );
  }
  const answer = JSON.parse(stored.response) as StoredResponse;
  return {
    status: stored.status,
    body: answer.body,
    headers: { ...answer.headers, 'idempotent-replayed': 'true' },
  };
}

const keyOf = (context: WriteContext) => `${context.principal.id}\n${context.idempotencyKey}`;

/**
 * Claims the requests' keys, queued to travel with the next statement (both reads in the same round
 * trip, in this order: the outcomes' snapshot is taken after the locks). A key held by another
 * transaction is in progress. So is a key twice in one call: within one transaction an advisory lock
 * is taken again without waiting, so only the first of the twins claims it.
 */
export async function claimKeys(tx: CommandTx, contexts: WriteContext[]): Promise<Claim[]> {
  const values = [contexts.map((c) => c.principal.id), contexts.map((c) => c.idempotencyKey)];
  const [locks, outcomes] = await Promise.all([
    tx.later<{ n: string; locked: boolean }>(LOCK_KEYS, values),
    tx.later<StoredRow>(STORED_OUTCOMES, values),
  ]);
  const locked = new Map(locks.rows.map((row) => [Number(row.n), row.locked]));
  const stored = new Map(outcomes.rows.map((row) => [Number(row.n), row]));
  const seen = new Set<string>();
  return contexts.map((context, i) => {
    const first = !seen.has(keyOf(context));
    seen.add(keyOf(context));
    return judge(context, first && locked.get(i + 1) === true, stored.get(i + 1));
  });
}

/** Claims one request's key: the stored answer to replay, or nothing; refusals are thrown. */
export async function claimKey(tx: CommandTx, context: WriteContext): Promise<CommandResult | undefined> {
  const [claim] = await claimKeys(tx, [context]);
  if (claim instanceof ProblemError) throw claim;
  return claim;
}

/** The idempotency_keys columns ($14–$21 of APPEND_AND_REMEMBER) that store each answer under its key. */
export function rememberColumns(
  answers: Array<{ context: WriteContext; answer: CommandResult }>,
  retentionHours: number,
): unknown[] {
  const stored = ({ body, headers }: CommandResult): StoredResponse => ({ body, headers });
  return [
    answers.map(({ context }) => context.principal.id),
    answers.map(({ context }) => context.idempotencyKey),
    answers.map(({ context }) => context.method),
    answers.map(({ context }) => context.path),
    answers.map(({ context }) => context.fingerprint),
    answers.map(({ answer }) => answer.status),
    answers.map(({ answer }) => JSON.stringify(stored(answer))),
    retentionHours,
  ];
}

/** Replaces the answer stored under a key, in the same transaction as the step that changed it. */
export function rememberFinalAnswer(tx: CommandTx, context: WriteContext, answer: CommandResult): void {
  const stored: StoredResponse = { body: answer.body, headers: answer.headers };
  tx.defer(UPDATE_REMEMBERED, [
    context.principal.id,
    context.idempotencyKey,
    answer.status,
    JSON.stringify(stored),
  ]);
}

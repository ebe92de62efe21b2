import type { CommandTx } from '@inventory/persistence';
import { ProblemError, type WriteContext } from '@inventory/platform';
import type { CommandResult } from './command-result';
import { LOCK_KEY, STORED_OUTCOME, UPDATE_REMEMBERED } from './idempotency.sql';

/** The answer stored under a key (its status has a column of its own). */
interface StoredResponse {
  body: unknown;
  headers: Record<string, string>;
}

/**
 * Claims the request's key: returns the stored answer to replay, or nothing when this request is the
 * first with its key. A twin still in flight and a key reused for another request are refused.
 */
export async function claimKey(tx: CommandTx, context: WriteContext): Promise<CommandResult | undefined> {
  const key = [context.principal.id, context.idempotencyKey];
  // Both travel in the same round trip, in this order: the read's snapshot is taken after the lock.
  const [lock, outcome] = await Promise.all([
    tx.later<{ locked: boolean }>(LOCK_KEY, key),
    tx.later<{ request_hash: string; status: number; response: string }>(STORED_OUTCOME, key),
  ]);
  const locked = lock.rows[0]!.locked;
  const { request_hash = null, status, response } = outcome.rows[0] ?? {};
  if (!locked) {
    throw new ProblemError(
      409,
      'IDEMPOTENCY.IN_PROGRESS',
      'a request with this Idempotency-Key is still being processed; retry shortly',
      {},
      { 'retry-after': '1' },
    );
  }
  if (request_hash === null) return undefined;
  if (request_hash !== context.fingerprint) {
    throw new ProblemError(
      422,
      'IDEMPOTENCY.KEY_REUSED',
      'this Idempotency-Key was already used with a different request',
    );
  }
  const stored = JSON.parse(response) as StoredResponse;
  return { status, body: stored.body, headers: { ...stored.headers, 'idempotent-replayed': 'true' } };
}

/** The idempotency_keys columns ($14–$21 of APPEND_AND_REMEMBER) that store `answer` under the key. */
export function rememberColumns(
  context: WriteContext,
  answer: CommandResult,
  retentionHours: number,
): unknown[] {
  const stored: StoredResponse = { body: answer.body, headers: answer.headers };
  return [
    context.principal.id,
    context.idempotencyKey,
    context.method,
    context.path,
    context.fingerprint,
    answer.status,
    JSON.stringify(stored),
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

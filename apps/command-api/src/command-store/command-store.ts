import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@inventory/contracts';
import { DomainError, VersionMismatch } from '@inventory/domain';
import { encodeEnvelope } from '@inventory/messaging';
import { Database, type CommandTx } from '@inventory/persistence';
import {
  AppConfig,
  PROBLEM_CONTENT_TYPE,
  ProblemError,
  toProblem,
  type WriteContext,
} from '@inventory/platform';
import { BacklogGuard } from './backlog-guard';
import { APPEND, APPEND_AND_REMEMBER, LOCK_KEY, STORED_OUTCOME, UPDATE_REMEMBERED } from './idempotency.sql';
import { OutboxNotifier } from './outbox-notifier';
import type { CommandOutcome, CommandResult, InternalCause, PendingEvent } from './pending-event';

interface StoredResponse {
  body: unknown;
  headers: Record<string, string>;
}

type Work = (tx: CommandTx) => Promise<CommandOutcome>;

/** Errors after which the whole command can safely run again from the start. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const MAX_ATTEMPTS = 3;

/**
 * Runs one command as one transaction: idempotency claim, the handler's reads, locks and state
 * writes, then events + outbox rows + the stored outcome, then commit and a relay wake-up.
 * Handlers only decide; this class owns transactions, idempotency and the event envelope.
 *
 * The transaction is pipelined (Database.pipelined): the claim travels with the handler's first
 * statement (`BEGIN; claim; lock`), and the handler's writes with the events, the stored outcome and
 * COMMIT, so a single-item command is two round trips.
 */
@Injectable()
export class CommandStore {
  constructor(
    private readonly database: Database,
    private readonly notifier: OutboxNotifier,
    private readonly config: AppConfig,
    private readonly backlog: BacklogGuard,
  ) {}

  /** An HTTP write: at most once per (principal, Idempotency-Key), its outcome stored for replays. */
  async execute(context: WriteContext, work: Work): Promise<CommandResult> {
    this.backlog.assertRoom();
    return this.withRetries(async (tx) => {
      const claimed = this.claim(tx, context);
      // Awaited below; a failed batch rejects it along with the handler's statement.
      claimed.catch(() => undefined);
      let outcome: CommandOutcome | undefined;
      let failure: unknown;
      try {
        outcome = await this.decideOrRefuse(tx, context.path, work);
      } catch (error) {
        failure = error;
      }
      if (tx.hasQueuedReads()) await tx.flush();
      // The key answers first: a replay, a twin still in flight or a reused key, whatever the handler found.
      const replay = await claimed;
      if (replay) {
        tx.discardDeferred();
        return { response: replay, appended: false };
      }
      if (!outcome) throw failure;
      tx.defer(APPEND_AND_REMEMBER, [
        ...this.eventColumns(outcome.events, context),
        ...this.rememberColumns(context, outcome),
      ]);
      return { response: this.result(outcome), appended: outcome.events.length > 0 };
    });
  }

  /** A write with no request behind it (expiry sweeper, saga step): domain refusals propagate. */
  async executeInternal(cause: InternalCause | WriteContext, work: Work): Promise<CommandResult> {
    return this.withRetries(async (tx) => {
      const outcome = await work(tx);
      if (outcome.events.length > 0) tx.defer(APPEND, this.eventColumns(outcome.events, cause));
      return { response: this.result(outcome), appended: outcome.events.length > 0 };
    });
  }

  /** Replaces the outcome stored under a key, in the same transaction as the step that changed it. */
  rememberFinalOutcome(tx: CommandTx, context: WriteContext, result: CommandResult): void {
    const stored: StoredResponse = { body: result.body, headers: result.headers };
    tx.defer(UPDATE_REMEMBERED, [
      context.principal.id,
      context.idempotencyKey,
      result.status,
      JSON.stringify(stored),
    ]);
  }

  private async withRetries(
    run: (tx: CommandTx) => Promise<{ response: CommandResult; appended: boolean }>,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { response, appended } = await this.database.pipelined(run);
        if (appended) this.notifier.poke();
        return response;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  /** Returns the stored answer to replay, or nothing when this request is the first with its key. */
  private async claim(tx: CommandTx, context: WriteContext): Promise<CommandResult | undefined> {
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

  /** A domain refusal is a deterministic outcome: it is stored under the key like a success. */
  private async decideOrRefuse(tx: CommandTx, path: string, work: Work): Promise<CommandOutcome> {
    try {
      return await work(tx);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // A refusal writes nothing but its stored outcome.
      tx.discardDeferred();
      const { body, headers } = toProblem(error);
      body.instance = path;
      if (error instanceof VersionMismatch) headers.etag = `"${error.currentVersion}"`;
      headers['content-type'] = PROBLEM_CONTENT_TYPE;
      return { status: body.status, body, headers, events: [] };
    }
  }

  private result(outcome: CommandOutcome): CommandResult {
    return { status: outcome.status, body: outcome.body, headers: outcome.headers ?? {} };
  }

  private eventColumns(events: PendingEvent[], cause: InternalCause | WriteContext): unknown[] {
    const occurredAt = new Date().toISOString();
    const envelopes = events.map((pending) => envelope(pending, cause, occurredAt));
    const encoded = envelopes.map((e, i) => encodeEnvelope(e, events[i]!.key));
    return [
      envelopes.map((e) => e.eventId),
      envelopes.map((e) => e.aggregate.type),
      envelopes.map((e) => e.aggregate.id),
      envelopes.map((e) => e.aggregate.version),
      envelopes.map((e) => e.eventType),
      envelopes.map((e) => e.eventVersion),
      envelopes.map(() => occurredAt),
      envelopes.map((e) => JSON.stringify(e.payload)),
      envelopes.map((e) => JSON.stringify(e.metadata)),
      events.map((pending) => pending.topic),
      encoded.map((message) => message.key),
      encoded.map((message) => message.value),
      encoded.map((message) => JSON.stringify(message.headers)),
    ];
  }

  private rememberColumns(context: WriteContext, outcome: CommandOutcome): unknown[] {
    const stored: StoredResponse = { body: outcome.body, headers: outcome.headers ?? {} };
    return [
      context.principal.id,
      context.idempotencyKey,
      context.method,
      context.path,
      context.fingerprint,
      outcome.status,
      JSON.stringify(stored),
      this.config.idempotency.retentionHours,
    ];
  }
}

function envelope(
  pending: PendingEvent,
  cause: InternalCause | WriteContext,
  occurredAt: string,
): EventEnvelope {
  const actor = 'principal' in cause ? cause.principal.id : cause.actor;
  return {
    eventId: randomUUID(),
    eventType: pending.event.type,
    eventVersion: 1,
    occurredAt,
    aggregate: pending.aggregate,
    payload: pending.event.data as Record<string, unknown>,
    metadata: {
      traceId: cause.traceId,
      correlationId: cause.traceId,
      idempotencyKey: cause.idempotencyKey,
      actor,
    },
  };
}

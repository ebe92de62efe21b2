import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@inventory/contracts';
import { DomainError, VersionMismatch } from '@inventory/domain';
import { encodeEnvelope } from '@inventory/messaging';
import { Database } from '@inventory/persistence';
import { AppConfig, ProblemError, toProblem, type WriteContext } from '@inventory/platform';
import type { PoolClient } from 'pg';
import { APPEND, CLAIM_KEY } from './idempotency.sql';
import { OutboxNotifier } from './outbox-notifier';
import type { CommandOutcome, CommandResult, PendingEvent } from './pending-event';

interface StoredResponse {
  body: unknown;
  headers: Record<string, string>;
}

/** Errors after which the whole command can safely run again from the start. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const MAX_ATTEMPTS = 3;

/**
 * Runs one command as one transaction: idempotency claim, the handler's reads, locks and state
 * writes, then events + outbox rows + the stored outcome, then commit and a relay wake-up.
 * Handlers only decide; this class owns transactions, idempotency and the event envelope.
 */
@Injectable()
export class CommandStore {
  constructor(
    private readonly database: Database,
    private readonly notifier: OutboxNotifier,
    private readonly config: AppConfig,
  ) {}

  async execute(
    context: WriteContext,
    work: (tx: PoolClient) => Promise<CommandOutcome>,
  ): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.database.transaction((tx) => this.run(tx, context, work));
        if (result.appended) this.notifier.poke();
        return result.response;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  private async run(
    tx: PoolClient,
    context: WriteContext,
    work: (tx: PoolClient) => Promise<CommandOutcome>,
  ): Promise<{ response: CommandResult; appended: boolean }> {
    const claim = await tx.query<{
      locked: boolean;
      request_hash: string | null;
      status: number;
      response: string;
    }>(CLAIM_KEY, [context.principal.id, context.idempotencyKey]);
    const { locked, request_hash, status, response } = claim.rows[0]!;
    if (!locked) {
      throw new ProblemError(
        409,
        'IDEMPOTENCY.IN_PROGRESS',
        'a request with this Idempotency-Key is still being processed; retry shortly',
        {},
        { 'retry-after': '1' },
      );
    }
    if (request_hash !== null) {
      if (request_hash !== context.fingerprint) {
        throw new ProblemError(
          422,
          'IDEMPOTENCY.KEY_REUSED',
          'this Idempotency-Key was already used with a different request',
        );
      }
      const stored = JSON.parse(response) as StoredResponse;
      return {
        response: {
          status,
          body: stored.body,
          headers: { ...stored.headers, 'idempotent-replayed': 'true' },
        },
        appended: false,
      };
    }

    const outcome = await this.decideOrRefuse(tx, context, work);
    await tx.query(APPEND, this.appendParams(context, outcome));
    const headers = outcome.headers ?? {};
    return {
      response: { status: outcome.status, body: outcome.body, headers },
      appended: outcome.events.length > 0,
    };
  }

  /** A domain refusal is a deterministic outcome: it is stored under the key like a success. */
  private async decideOrRefuse(
    tx: PoolClient,
    context: WriteContext,
    work: (tx: PoolClient) => Promise<CommandOutcome>,
  ): Promise<CommandOutcome> {
    try {
      return await work(tx);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { body, headers } = toProblem(error);
      body.instance = context.path;
      if (error instanceof VersionMismatch) headers.etag = `"${error.currentVersion}"`;
      headers['content-type'] = 'application/problem+json';
      return { status: body.status, body, headers, events: [] };
    }
  }

  private appendParams(context: WriteContext, outcome: CommandOutcome): unknown[] {
    const occurredAt = new Date().toISOString();
    const envelopes = outcome.events.map((pending) => this.envelope(pending, context, occurredAt));
    const encoded = envelopes.map((envelope, i) => encodeEnvelope(envelope, outcome.events[i]!.key));
    const column = <T>(pick: (envelope: EventEnvelope, i: number) => T) => envelopes.map(pick);
    const stored: StoredResponse = { body: outcome.body, headers: outcome.headers ?? {} };
    return [
      column((e) => e.eventId),
      column((e) => e.aggregate.type),
      column((e) => e.aggregate.id),
      column((e) => e.aggregate.version),
      column((e) => e.eventType),
      column((e) => e.eventVersion),
      column(() => occurredAt),
      column((e) => JSON.stringify(e.payload)),
      column((e) => JSON.stringify(e.metadata)),
      outcome.events.map((pending) => pending.topic),
      encoded.map((message) => message.key),
      encoded.map((message) => message.value),
      encoded.map((message) => JSON.stringify(message.headers)),
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

  private envelope(pending: PendingEvent, context: WriteContext, occurredAt: string): EventEnvelope {
    return {
      eventId: randomUUID(),
      eventType: pending.event.type,
      eventVersion: 1,
      occurredAt,
      aggregate: pending.aggregate,
      payload: pending.event.data as Record<string, unknown>,
      metadata: {
        traceId: context.traceId,
        correlationId: context.traceId,
        idempotencyKey: context.idempotencyKey,
        actor: context.principal.id,
      },
    };
  }
}

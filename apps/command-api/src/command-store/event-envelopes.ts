import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@inventory/contracts';
import { encodeEnvelope } from '@inventory/messaging';
import type { WriteContext } from '@inventory/platform';
import type { InternalCause, PendingEvent } from './pending-event';

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

/** The events of one command, with what caused them. */
export interface CausedEvents {
  events: PendingEvent[];
  cause: InternalCause | WriteContext;
}

/**
 * Envelopes the events (id, time, cause) as the events and outbox columns $1–$13 of APPEND: one
 * command's, or a batch's in its commands' order.
 */
export function eventColumns(decisions: CausedEvents[]): unknown[] {
  const occurredAt = new Date().toISOString();
  const events = decisions.flatMap((decision) => decision.events);
  const envelopes = decisions.flatMap(({ events, cause }) =>
    events.map((pending) => envelope(pending, cause, occurredAt)),
  );
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

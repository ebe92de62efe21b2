/** The JSON value of every message on an `*.events` topic (DESIGN §4). */
export interface EventEnvelope<TPayload = Record<string, unknown>> {
  eventId: string;
  eventType: string;
  eventVersion: number;
  occurredAt: string;
  aggregate: { type: string; id: string; version: number };
  payload: TPayload;
  metadata: EventMetadata;
}

export interface EventMetadata {
  traceId?: string;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  actor?: string;
}

/** Kafka headers in CloudEvents binary mode, plus W3C trace context. */
export function cloudEventHeaders(envelope: EventEnvelope, source: string): Record<string, string> {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: envelope.eventId,
    ce_type: envelope.eventType,
    ce_source: source,
    ce_time: envelope.occurredAt,
    ce_subject: `${envelope.aggregate.type}/${envelope.aggregate.id}`,
  };
  const traceparent = traceparentOf(envelope.metadata.traceId);
  if (traceparent) headers.traceparent = traceparent;
  return headers;
}

const TRACE_ID = /^[0-9a-f]{32}$/;

function traceparentOf(traceId: string | undefined): string | undefined {
  if (!traceId || !TRACE_ID.test(traceId)) return undefined;
  return `00-${traceId}-${'0'.repeat(15)}1-01`;
}

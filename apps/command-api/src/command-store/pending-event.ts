/** An event decided by a handler, before the command store gives it an id, a time and an envelope. */
export interface PendingEvent {
  topic: string;
  key: string;
  aggregate: { type: string; id: string; version: number };
  event: { type: string; data: object };
}

/** Who or what caused a write that has no HTTP request behind it (sweepers, saga steps). */
export interface InternalCause {
  actor: string;
  traceId: string;
  idempotencyKey?: string;
}

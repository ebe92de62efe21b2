import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventEnvelope } from '../envelope';
import { ENVELOPE_SCHEMA, EVENT_SCHEMAS, type EventType } from './event-schemas';

export class InvalidEvent extends Error {
  constructor(readonly problems: string) {
    super(`invalid event: ${problems}`);
  }
}

const ajv = new Ajv({ allErrors: false, strict: true });
addFormats(ajv, ['uuid', 'date-time']);

const validateEnvelope = ajv.compile(ENVELOPE_SCHEMA);
const payloadValidators = Object.fromEntries(
  Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
) as Record<EventType, ValidateFunction>;

/** Throws `InvalidEvent` unless the value is an envelope whose payload matches its event type's schema. */
export function assertValidEnvelope(value: unknown): asserts value is EventEnvelope {
  if (!validateEnvelope(value)) throw new InvalidEvent(ajv.errorsText(validateEnvelope.errors));
  const validatePayload = payloadValidators[value.eventType as EventType];
  if (!validatePayload(value.payload)) {
    throw new InvalidEvent(`${value.eventType}: ${ajv.errorsText(validatePayload.errors)}`);
  }
}

import { assertValidEnvelope, cloudEventHeaders, type EventEnvelope } from '@inventory/contracts';

export interface EncodedMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const EVENT_SOURCE = '/inventory/command-api';

/** Validates on produce, so a malformed event never reaches a topic from our own writers. */
export function encodeEnvelope(envelope: EventEnvelope, key: string): EncodedMessage {
  assertValidEnvelope(envelope);
  return { key, value: JSON.stringify(envelope), headers: cloudEventHeaders(envelope, EVENT_SOURCE) };
}

/** Parses and validates on consume; throws `InvalidEvent` (or a SyntaxError) for anything else. */
export function decodeEnvelope(value: Buffer | string | null): EventEnvelope {
  if (value === null) throw new SyntaxError('message has no value');
  const parsed: unknown = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  assertValidEnvelope(parsed);
  return parsed;
}

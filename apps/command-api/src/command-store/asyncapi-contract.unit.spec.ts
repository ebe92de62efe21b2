import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import {
  deadLetterTopic,
  ENVELOPE_SCHEMA,
  EVENT_SCHEMAS,
  EVENT_TOPICS,
  TOPICS,
  type EventType,
} from '@inventory/contracts';
import { parse } from 'yaml';
import { productEvent, reservationEvent, stockEvent, storeEvent, transferEvent } from './event-routing';
import type { PendingEvent } from './pending-event';

const FILE = path.resolve(__dirname, '../../../../asyncapi/asyncapi.yaml');
const text = readFileSync(FILE, 'utf8');

type Json = Record<string, unknown>;
const document = parse(text) as {
  channels: Record<string, { address: string; messages?: Record<string, { $ref: string }> }>;
  components: { messages: Record<string, Json>; schemas: Record<string, Json> };
};

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const RESERVATION = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const TRANSFER = '6f1c2a4e-0d3b-4a57-9a63-3b2f4f1d8e90';

/** Where the command side routes an event of each type: through its own routing, on sample data. */
function routed(type: EventType): PendingEvent {
  const data = {
    storeId: 'S1',
    sku: 'A1',
    reservationId: RESERVATION,
    transferId: TRANSFER,
    version: 1,
  } as never;
  const event = { type, data } as never;
  if (type === 'ProductCreated') return productEvent(event);
  if (type === 'StoreRegistered') return storeEvent(event);
  if (type.startsWith('Reservation')) return reservationEvent(event);
  if (type.startsWith('Transfer')) return transferEvent(event);
  return stockEvent(event);
}

function channelOf(message: string): string[] {
  return Object.values(document.channels)
    .filter((channel) => channel.messages?.[message])
    .map((channel) => channel.address);
}

describe('asyncapi/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.1 document, without even a warning', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed?.version()).toBe('3.1.0');
  });

  it('has a channel for every topic the bootstrap creates, and no other', () => {
    const topics = [...EVENT_TOPICS, ...EVENT_TOPICS.map(deadLetterTopic), TOPICS.stockProjections];
    expect(
      Object.values(document.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(topics.sort());
  });

  it('describes every event type of libs/contracts, and nothing else', () => {
    const events = Object.keys(document.components.messages).filter((name) => name !== 'DeadLetter');
    expect(events.sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
  });

  it.each(Object.keys(EVENT_SCHEMAS) as EventType[])(
    '%s: on the topic the command side routes it to, with its key, and its payload schema',
    (type) => {
      const pending = routed(type);
      expect(channelOf(type)).toEqual([pending.topic]);
      const message = document.components.messages[type]!;
      const key = ((message.bindings as Json).kafka as Json).key as { examples: string[] };
      expect(key.examples).toEqual([pending.key]);
      expect(document.components.schemas[`${type}Payload`]).toEqual(plain(EVENT_SCHEMAS[type]));
      expect((message.payload as { allOf: Json[] }).allOf[1]).toMatchObject({
        properties: { eventType: { const: type }, payload: { $ref: `#/components/schemas/${type}Payload` } },
      });
    },
  );

  it('has the envelope every event is wrapped in', () => {
    expect(document.components.schemas.Envelope).toEqual(plain(ENVELOPE_SCHEMA));
  });

  it('gives every dead-letter topic the dead-letter message', () => {
    for (const topic of EVENT_TOPICS) {
      const channel = Object.values(document.channels).find((c) => c.address === deadLetterTopic(topic))!;
      expect(Object.keys(channel.messages ?? {})).toEqual(['DeadLetter']);
    }
  });
});

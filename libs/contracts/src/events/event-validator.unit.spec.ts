import { assertValidEnvelope, InvalidEvent } from './event-validator';

const valid = {
  eventId: '4b6f1c2e-8d3a-4f5b-9c1d-2e3f4a5b6c7d',
  eventType: 'StockAdjusted',
  eventVersion: 1,
  occurredAt: '2026-11-21T10:00:00.000Z',
  aggregate: { type: 'stock-item', id: 'S1:A1', version: 1 },
  payload: {
    storeId: 'S1',
    sku: 'A1',
    delta: 5,
    reason: 'restock',
    onHand: 5,
    reserved: 0,
    available: 5,
    version: 1,
  },
  metadata: {},
};

describe('event validation', () => {
  it('accepts an envelope whose payload matches its schema', () => {
    expect(() => assertValidEnvelope(valid)).not.toThrow();
  });

  it('refuses unknown event types, missing fields and wrong types', () => {
    expect(() => assertValidEnvelope({ ...valid, eventType: 'Nope' })).toThrow(InvalidEvent);
    expect(() => assertValidEnvelope({ ...valid, payload: { ...valid.payload, onHand: undefined } })).toThrow(
      InvalidEvent,
    );
    expect(() => assertValidEnvelope({ ...valid, payload: { ...valid.payload, onHand: -1 } })).toThrow(
      InvalidEvent,
    );
    expect(() => assertValidEnvelope({ ...valid, eventId: 'not-a-uuid' })).toThrow(InvalidEvent);
    expect(() => assertValidEnvelope('nonsense')).toThrow(InvalidEvent);
  });
});

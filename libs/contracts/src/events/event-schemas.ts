/**
 * JSON Schemas of every event payload: the one source of truth for validation on produce and consume.
 * Evolution is additive: new optional fields keep the same `eventVersion`.
 */
const id = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const version = { type: 'integer', minimum: 1 } as const;

const stockLevels = {
  storeId: id,
  sku: id,
  onHand: count,
  reserved: count,
  available: { type: 'integer' },
  version,
} as const;

export const EVENT_SCHEMAS = {
  StockAdjusted: {
    type: 'object',
    required: ['storeId', 'sku', 'delta', 'reason', 'onHand', 'reserved', 'available', 'version'],
    properties: {
      ...stockLevels,
      delta: { type: 'integer' },
      reason: { enum: ['sale', 'damage', 'count', 'manual', 'restock', 'return'] },
    },
  },
  StoreRegistered: {
    type: 'object',
    required: ['storeId', 'name', 'latencyMs', 'version'],
    properties: {
      storeId: id,
      name: { type: 'string', minLength: 1, maxLength: 200 },
      latencyMs: count,
      version,
    },
  },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;

export const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['eventId', 'eventType', 'eventVersion', 'occurredAt', 'aggregate', 'payload', 'metadata'],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    eventType: { type: 'string', enum: Object.keys(EVENT_SCHEMAS) },
    eventVersion: { type: 'integer', minimum: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
    aggregate: {
      type: 'object',
      required: ['type', 'id', 'version'],
      properties: { type: { type: 'string' }, id: { type: 'string' }, version },
    },
    payload: { type: 'object' },
    metadata: { type: 'object' },
  },
} as const;

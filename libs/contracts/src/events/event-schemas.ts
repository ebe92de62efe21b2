/**
 * JSON Schemas of every event payload: the one source of truth for validation on produce and consume.
 * Evolution is additive: new optional fields keep the same `eventVersion`.
 */
const id = { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const quantity = { type: 'integer', minimum: 1 } as const;
const version = { type: 'integer', minimum: 1 } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const nullableText = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const lines = {
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  items: { type: 'object', required: ['sku', 'qty'], properties: { sku: id, qty: quantity } },
} as const;

const levels = ['storeId', 'sku', 'onHand', 'reserved', 'available', 'version'] as const;
const levelProperties = {
  storeId: id,
  sku: id,
  onHand: count,
  reserved: count,
  available: count,
  version,
} as const;

function stockEvent<P extends Record<string, object>>(extra: P) {
  return {
    type: 'object',
    required: [...levels, ...Object.keys(extra)],
    properties: { ...levelProperties, ...extra },
  } as const;
}

export const EVENT_SCHEMAS = {
  StockAdjusted: stockEvent({
    delta: { type: 'integer' },
    reason: { enum: ['sale', 'damage', 'count', 'manual', 'restock', 'return'] },
  }),
  StockCounted: stockEvent({ previousOnHand: count, delta: { type: 'integer' }, countRef: text(128) }),
  StockPurchased: stockEvent({
    qty: quantity,
    customerId: nullableText(128),
    policy: { enum: ['highest-available', 'lowest-latency', 'round-robin'] },
  }),
  StockReserved: stockEvent({ qty: quantity, reservationId: uuid }),
  StockReservationReleased: stockEvent({
    qty: quantity,
    reservationId: uuid,
    cause: { enum: ['cancelled', 'expired'] },
  }),
  StockReservationConsumed: stockEvent({ qty: quantity, reservationId: uuid }),
  StockTransferredOut: stockEvent({ qty: quantity, transferId: uuid, toStore: id }),
  StockTransferredIn: stockEvent({
    qty: quantity,
    transferId: uuid,
    fromStore: id,
    compensation: { type: 'boolean' },
  }),
  StockReconciled: stockEvent({
    previousOnHand: count,
    discrepancy: { type: 'integer' },
    reconciliationId: uuid,
    source: text(128),
  }),
  StockLow: stockEvent({ threshold: count }),
  StockDepleted: stockEvent({ threshold: count }),
  StockReplenished: stockEvent({ threshold: count }),
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
  ProductCreated: {
    type: 'object',
    required: ['sku', 'name', 'lowStockThreshold', 'version'],
    properties: {
      sku: id,
      name: { type: 'string', minLength: 1, maxLength: 200 },
      lowStockThreshold: count,
      version,
    },
  },
  ReservationCreated: {
    type: 'object',
    required: ['reservationId', 'storeId', 'customerId', 'lines', 'expiresAt', 'version'],
    properties: {
      reservationId: uuid,
      storeId: id,
      customerId: nullableText(128),
      lines,
      expiresAt: timestamp,
      version,
    },
  },
  ReservationConfirmed: {
    type: 'object',
    required: ['reservationId', 'storeId', 'paymentRef', 'version'],
    properties: { reservationId: uuid, storeId: id, paymentRef: nullableText(128), version },
  },
  ReservationCancelled: {
    type: 'object',
    required: ['reservationId', 'storeId', 'reason', 'version'],
    properties: { reservationId: uuid, storeId: id, reason: nullableText(128), version },
  },
  ReservationExpired: {
    type: 'object',
    required: ['reservationId', 'storeId', 'expiredAt', 'version'],
    properties: { reservationId: uuid, storeId: id, expiredAt: timestamp, version },
  },
  TransferInitiated: {
    type: 'object',
    required: ['transferId', 'fromStore', 'toStore', 'lines', 'version'],
    properties: { transferId: uuid, fromStore: id, toStore: id, lines, version },
  },
  TransferCompleted: {
    type: 'object',
    required: ['transferId', 'fromStore', 'toStore', 'version'],
    properties: { transferId: uuid, fromStore: id, toStore: id, version },
  },
  TransferFailed: {
    type: 'object',
    required: ['transferId', 'fromStore', 'toStore', 'reason', 'version'],
    properties: { transferId: uuid, fromStore: id, toStore: id, reason: text(500), version },
  },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;

export const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['eventId', 'eventType', 'eventVersion', 'occurredAt', 'aggregate', 'payload', 'metadata'],
  properties: {
    eventId: uuid,
    eventType: { type: 'string', enum: Object.keys(EVENT_SCHEMAS) },
    eventVersion: { type: 'integer', minimum: 1 },
    occurredAt: timestamp,
    aggregate: {
      type: 'object',
      required: ['type', 'id', 'version'],
      properties: { type: { type: 'string' }, id: { type: 'string' }, version },
    },
    payload: { type: 'object' },
    metadata: { type: 'object' },
  },
} as const;

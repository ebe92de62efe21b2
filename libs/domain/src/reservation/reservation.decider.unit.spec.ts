import { deciderSpec } from '@inventory/testing';
import { ProductNotFound } from '../product/product.errors';
import type { StockItemEvent, StockLevels } from '../stock-item/stock-item.events';
import { InsufficientStock } from '../stock-item/stock-item.errors';
import { levels } from '../stock-item/stock-item.state';
import { onStock } from '../stock-item/with-stock';
import { VersionMismatch } from '../shared/domain-error';
import {
  reservationDecider,
  type ReservationCommand,
  type ReservationDecisionEvent,
} from './reservation.decider';
import { ReservationNotActive, ReservationNotFound } from './reservation.errors';

const ID = '4b6f1c2e-8d3a-4f5b-9c1d-2e3f4a5b6c7d';
const T0 = '2026-11-21T10:00:00.000Z';
const EXPIRES = '2026-11-21T10:15:00.000Z';
const LATER = '2026-11-21T10:20:00.000Z';
const lines = [
  { sku: 'A1', qty: 2 },
  { sku: 'B2', qty: 1 },
];

const spec = deciderSpec(reservationDecider, {
  reservationId: ID,
  catalog: { stores: { S1: 0 }, thresholds: { A1: 0, B2: 0 } },
});

const at = (sku: string, onHand: number, reserved: number, version: number): StockLevels =>
  levels({ storeId: 'S1', sku, onHand, reserved, version });
/** A1 and B2 with `a1` and `b2` on hand in S1, at version 1. */
const stocked = (a1: number, b2: number): ReservationDecisionEvent[] =>
  [at('A1', a1, 0, 1), at('B2', b2, 0, 1)].map((levels) =>
    onStock({ type: 'StockAdjusted', data: { ...levels, delta: levels.onHand, reason: 'restock' } }),
  );
const stockEvent = (event: StockItemEvent) => onStock(event);

const create: ReservationCommand = {
  type: 'CreateReservation',
  data: { reservationId: ID, storeId: 'S1', customerId: 'c1', lines, expiresAt: EXPIRES },
};
const created: ReservationDecisionEvent = {
  stream: 'reservation',
  event: { type: 'ReservationCreated', data: { ...create.data, version: 1 } },
};
const reserved = [
  stockEvent({ type: 'StockReserved', data: { ...at('A1', 5, 2, 2), qty: 2, reservationId: ID } }),
  stockEvent({ type: 'StockReserved', data: { ...at('B2', 5, 1, 2), qty: 1, reservationId: ID } }),
];
const active = [...stocked(5, 5), created, ...reserved];

const confirm = (now = T0, expectedVersion?: number): ReservationCommand => ({
  type: 'ConfirmReservation',
  data: { reservationId: ID, paymentRef: 'p1', now, expectedVersion },
});
const cancel: ReservationCommand = {
  type: 'CancelReservation',
  data: { reservationId: ID, reason: 'user_cancel', now: T0 },
};
const expire = (now: string): ReservationCommand => ({
  type: 'ExpireReservation',
  data: { reservationId: ID, now },
});
const released = (cause: 'cancelled' | 'expired') => [
  stockEvent({
    type: 'StockReservationReleased',
    data: { ...at('A1', 5, 0, 3), qty: 2, reservationId: ID, cause },
  }),
  stockEvent({
    type: 'StockReservationReleased',
    data: { ...at('B2', 5, 0, 3), qty: 1, reservationId: ID, cause },
  }),
];

describe('reservations', () => {
  it('reserves every line in one store and leaves on hand alone', () => {
    spec
      .given(stocked(5, 5))
      .when(create)
      .then([created, ...reserved]);
  });

  it('reserves nothing when one line is short', () => {
    spec.given(stocked(5, 0)).when(create).thenThrows(InsufficientStock, 'STOCK.INSUFFICIENT');
  });

  it('refuses an unknown product on any line before looking at quantities', () => {
    deciderSpec(reservationDecider, {
      reservationId: ID,
      catalog: { stores: { S1: 0 }, thresholds: { A1: 0 } },
    })
      .given([])
      .when(create)
      .thenThrows(ProductNotFound, 'PRODUCT.NOT_FOUND');
  });

  it('confirming consumes: on hand and reserved both drop', () => {
    spec
      .given(active)
      .when(confirm())
      .then([
        {
          stream: 'reservation',
          event: {
            type: 'ReservationConfirmed',
            data: { reservationId: ID, storeId: 'S1', paymentRef: 'p1', version: 2 },
          },
        },
        stockEvent({
          type: 'StockReservationConsumed',
          data: { ...at('A1', 3, 0, 3), qty: 2, reservationId: ID },
        }),
        stockEvent({
          type: 'StockReservationConsumed',
          data: { ...at('B2', 4, 0, 3), qty: 1, reservationId: ID },
        }),
      ]);
  });

  it('cancelling releases the reserved units', () => {
    spec
      .given(active)
      .when(cancel)
      .then([
        {
          stream: 'reservation',
          event: {
            type: 'ReservationCancelled',
            data: { reservationId: ID, storeId: 'S1', reason: 'user_cancel', version: 2 },
          },
        },
        ...released('cancelled'),
      ]);
  });

  it('refuses to confirm after expiry, and after cancel, with clear codes', () => {
    spec.given(active).when(confirm(LATER)).thenThrows(ReservationNotActive, 'RESERVATION.EXPIRED');
    const cancelled = spec.given([
      ...active,
      {
        stream: 'reservation',
        event: {
          type: 'ReservationCancelled',
          data: { reservationId: ID, storeId: 'S1', reason: null, version: 2 },
        },
      },
      ...released('cancelled'),
    ]);
    cancelled.when(confirm()).thenThrows(ReservationNotActive, 'RESERVATION.CANCELLED');
    spec.given([]).when(confirm()).thenThrows(ReservationNotFound, 'RESERVATION.NOT_FOUND');
  });

  it('refuses a stale If-Match version', () => {
    spec.given(active).when(confirm(T0, 7)).thenThrows(VersionMismatch, 'VERSION.MISMATCH');
  });

  it('the sweeper expires a due reservation and releases its stock, and nothing else', () => {
    spec.given(active).when(expire(T0)).then([]);
    spec.given([]).when(expire(LATER)).then([]);
    spec
      .given(active)
      .when(expire(LATER))
      .then([
        {
          stream: 'reservation',
          event: {
            type: 'ReservationExpired',
            data: { reservationId: ID, storeId: 'S1', expiredAt: LATER, version: 2 },
          },
        },
        ...released('expired'),
      ]);
  });
});

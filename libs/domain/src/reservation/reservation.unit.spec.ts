import { InsufficientStock } from '../stock-item/stock-item.errors';
import type { StockItemState } from '../stock-item/stock-item.state';
import {
  decideCancelReservation,
  decideConfirmReservation,
  decideCreateReservation,
  decideExpireReservation,
  type ReservedItems,
} from './reservation.decide';
import { ReservationNotActive, ReservationNotFound } from './reservation.errors';
import { evolveReservation, initialReservationState, type ReservationState } from './reservation.state';

const ID = '4b6f1c2e-8d3a-4f5b-9c1d-2e3f4a5b6c7d';
const T0 = '2026-11-21T10:00:00.000Z';
const EXPIRES = '2026-11-21T10:15:00.000Z';
const LATER = '2026-11-21T10:20:00.000Z';

function stock(a1: number, b2: number): ReservedItems {
  const item = (sku: string, onHand: number): StockItemState => ({
    storeId: 'S1',
    sku,
    onHand,
    reserved: 0,
    version: 1,
  });
  return {
    items: new Map([
      ['A1', item('A1', a1)],
      ['B2', item('B2', b2)],
    ]),
    thresholds: new Map([
      ['A1', 0],
      ['B2', 0],
    ]),
  };
}

const lines = [
  { sku: 'A1', qty: 2 },
  { sku: 'B2', qty: 1 },
];

function created(items: ReservedItems): ReservationState {
  const decision = decideCreateReservation(
    {
      type: 'CreateReservation',
      data: { reservationId: ID, storeId: 'S1', customerId: 'c1', lines, expiresAt: EXPIRES },
    },
    items,
  );
  return decision.reservation.reduce(evolveReservation, initialReservationState(ID));
}

describe('reservations', () => {
  it('reserves every line in one store and leaves on hand alone', () => {
    const items = stock(5, 5);
    const decision = decideCreateReservation(
      {
        type: 'CreateReservation',
        data: { reservationId: ID, storeId: 'S1', customerId: null, lines, expiresAt: EXPIRES },
      },
      items,
    );
    expect(decision.reservation).toEqual([
      {
        type: 'ReservationCreated',
        data: { reservationId: ID, storeId: 'S1', customerId: null, lines, expiresAt: EXPIRES, version: 1 },
      },
    ]);
    expect(decision.stock.map((e) => [e.type, e.data.sku, e.data.onHand, e.data.reserved])).toEqual([
      ['StockReserved', 'A1', 5, 2],
      ['StockReserved', 'B2', 5, 1],
    ]);
    expect(items.items.get('A1')).toMatchObject({ reserved: 2, version: 2 });
  });

  it('reserves nothing when one line is short', () => {
    expect(() =>
      decideCreateReservation(
        {
          type: 'CreateReservation',
          data: { reservationId: ID, storeId: 'S1', customerId: null, lines, expiresAt: EXPIRES },
        },
        stock(5, 0),
      ),
    ).toThrow(InsufficientStock);
  });

  it('confirming consumes: on hand and reserved both drop', () => {
    const items = stock(5, 5);
    const state = created(items);
    const decision = decideConfirmReservation(
      { type: 'ConfirmReservation', data: { paymentRef: 'p1', now: T0 } },
      state,
      items,
    );
    expect(decision.reservation[0]).toMatchObject({
      type: 'ReservationConfirmed',
      data: { version: 2, paymentRef: 'p1' },
    });
    expect(items.items.get('A1')).toMatchObject({ onHand: 3, reserved: 0 });
    expect(decision.stock.filter((e) => e.type === 'StockReservationConsumed')).toHaveLength(2);
  });

  it('cancelling releases the reserved units', () => {
    const items = stock(5, 5);
    const state = created(items);
    decideCancelReservation(
      { type: 'CancelReservation', data: { reason: 'user_cancel', now: T0 } },
      state,
      items,
    );
    expect(items.items.get('A1')).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('refuses to confirm after expiry, and after cancel, with clear codes', () => {
    const items = stock(5, 5);
    const state = created(items);
    const confirmLate = () =>
      decideConfirmReservation(
        { type: 'ConfirmReservation', data: { paymentRef: null, now: LATER } },
        state,
        items,
      );
    expect(confirmLate).toThrow(expect.objectContaining({ code: 'RESERVATION.EXPIRED' }));
    const cancelled = { ...state, status: 'CANCELLED' as const };
    expect(() =>
      decideConfirmReservation(
        { type: 'ConfirmReservation', data: { paymentRef: null, now: T0 } },
        cancelled,
        items,
      ),
    ).toThrow(ReservationNotActive);
    expect(() =>
      decideConfirmReservation(
        { type: 'ConfirmReservation', data: { paymentRef: null, now: T0 } },
        initialReservationState(ID),
        items,
      ),
    ).toThrow(ReservationNotFound);
  });

  it('the sweeper expires a due reservation and releases its stock, and nothing else', () => {
    const items = stock(5, 5);
    const state = created(items);
    expect(
      decideExpireReservation({ type: 'ExpireReservation', data: { now: T0 } }, state, items).reservation,
    ).toEqual([]);
    const decision = decideExpireReservation(
      { type: 'ExpireReservation', data: { now: LATER } },
      state,
      items,
    );
    expect(decision.reservation[0]).toMatchObject({ type: 'ReservationExpired', data: { version: 2 } });
    expect(
      decision.stock.every((e) => e.type !== 'StockReservationReleased' || e.data.cause === 'expired'),
    ).toBe(true);
    expect(items.items.get('B2')).toMatchObject({ reserved: 0 });
  });
});

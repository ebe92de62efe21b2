import { assertExpectedVersion } from '../shared/domain-error';
import { changeStock } from '../stock-item/stock-change';
import { changeLines, type ItemsBySku, type StockEvents } from '../stock-item/stock-lines';
import type {
  ReservationCancelled,
  ReservationConfirmed,
  ReservationCreated,
  ReservationExpired,
  ReservationLine,
} from './reservation.events';
import { ReservationNotActive, ReservationNotFound } from './reservation.errors';
import type { ReservationState } from './reservation.state';

/** The stock items a reservation touches, by SKU, with each product's low-stock threshold. */
export type ReservedItems = ItemsBySku;

export interface ReservationDecision<E> {
  reservation: E[];
  stock: StockEvents;
}

function assertActive(state: ReservationState, now: string): void {
  if (state.status === 'NONE') throw new ReservationNotFound(state.reservationId);
  if (state.status !== 'ACTIVE') throw new ReservationNotActive(state.reservationId, state.status);
  if (now >= state.expiresAt) throw new ReservationNotActive(state.reservationId, 'EXPIRED');
}

export interface CreateReservation {
  type: 'CreateReservation';
  data: {
    reservationId: string;
    storeId: string;
    customerId: string | null;
    lines: ReservationLine[];
    expiresAt: string;
  };
}

/** All or nothing: every line must be available in the one store, or nothing is reserved. */
export function decideCreateReservation(
  command: CreateReservation,
  stock: ReservedItems,
): ReservationDecision<ReservationCreated> {
  const data = command.data;
  const events = changeLines(data.lines, stock, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand, reserved: item.reserved + line.qty }, threshold, (levels) => ({
      type: 'StockReserved',
      data: { ...levels, qty: line.qty, reservationId: data.reservationId },
    })),
  );
  return { reservation: [{ type: 'ReservationCreated', data: { ...data, version: 1 } }], stock: events };
}

export interface ConfirmReservation {
  type: 'ConfirmReservation';
  data: { paymentRef: string | null; now: string; expectedVersion?: number };
}

/** Consumes the reserved units: on hand and reserved both drop. */
export function decideConfirmReservation(
  command: ConfirmReservation,
  state: ReservationState,
  stock: ReservedItems,
): ReservationDecision<ReservationConfirmed> {
  assertActive(state, command.data.now);
  assertExpectedVersion(command.data.expectedVersion, state.version);
  const { reservationId, storeId } = state;
  const events = changeLines(state.lines, stock, (item, line, threshold) =>
    changeStock(
      item,
      { onHand: item.onHand - line.qty, reserved: item.reserved - line.qty },
      threshold,
      (levels) => ({
        type: 'StockReservationConsumed',
        data: { ...levels, qty: line.qty, reservationId },
      }),
    ),
  );
  const confirmed: ReservationConfirmed = {
    type: 'ReservationConfirmed',
    data: { reservationId, storeId, paymentRef: command.data.paymentRef, version: state.version + 1 },
  };
  return { reservation: [confirmed], stock: events };
}

function release(state: ReservationState, stock: ReservedItems, cause: 'cancelled' | 'expired'): StockEvents {
  return changeLines(state.lines, stock, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand, reserved: item.reserved - line.qty }, threshold, (levels) => ({
      type: 'StockReservationReleased',
      data: { ...levels, qty: line.qty, reservationId: state.reservationId, cause },
    })),
  );
}

export interface CancelReservation {
  type: 'CancelReservation';
  data: { reason: string | null; now: string; expectedVersion?: number };
}

export function decideCancelReservation(
  command: CancelReservation,
  state: ReservationState,
  stock: ReservedItems,
): ReservationDecision<ReservationCancelled> {
  assertActive(state, command.data.now);
  assertExpectedVersion(command.data.expectedVersion, state.version);
  const { reservationId, storeId } = state;
  return {
    reservation: [
      {
        type: 'ReservationCancelled',
        data: { reservationId, storeId, reason: command.data.reason, version: state.version + 1 },
      },
    ],
    stock: release(state, stock, 'cancelled'),
  };
}

export interface ExpireReservation {
  type: 'ExpireReservation';
  data: { now: string };
}

/** The sweeper's decision: only an ACTIVE reservation whose time has come expires. */
export function decideExpireReservation(
  command: ExpireReservation,
  state: ReservationState,
  stock: ReservedItems,
): ReservationDecision<ReservationExpired> {
  if (state.status !== 'ACTIVE' || command.data.now < state.expiresAt) return { reservation: [], stock: [] };
  const { reservationId, storeId } = state;
  return {
    reservation: [
      {
        type: 'ReservationExpired',
        data: { reservationId, storeId, expiredAt: command.data.now, version: state.version + 1 },
      },
    ],
    stock: release(state, stock, 'expired'),
  };
}

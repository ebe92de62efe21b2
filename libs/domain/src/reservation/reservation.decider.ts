import { assertExpectedVersion } from '../shared/domain-error';
import { tag, type Decider } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { changeLines, changeStock, linesAt, requireItems } from '../stock-item/stock-change';
import type { StockItemEvent } from '../stock-item/stock-item.events';
import type { Catalog } from '../stock-item/stock-item.state';
import {
  evolveWithStock,
  foldWithStock,
  initialWithStock,
  onStock,
  type WithStock,
  type WithStockEvent,
} from '../stock-item/with-stock';
import { ReservationNotActive, ReservationNotFound } from './reservation.errors';
import type { ReservationEvent, ReservationLine } from './reservation.events';
import { evolveReservation, initialReservationState, type ReservationState } from './reservation.state';

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

export interface ConfirmReservation {
  type: 'ConfirmReservation';
  data: { reservationId: string; paymentRef: string | null; now: string; expectedVersion?: number };
}

export interface CancelReservation {
  type: 'CancelReservation';
  data: { reservationId: string; reason: string | null; now: string; expectedVersion?: number };
}

/** The sweeper's command: it names a reservation it found due. */
export interface ExpireReservation {
  type: 'ExpireReservation';
  data: { reservationId: string; now: string };
}

export type ReservationCommand =
  CreateReservation | ConfirmReservation | CancelReservation | ExpireReservation;

/** A reservation and the stock items of its lines (all in its store). */
export type ReservationWithStock = WithStock<ReservationState>;

export type ReservationDecisionEvent = WithStockEvent<'reservation', ReservationEvent>;

const onReservation = tag<'reservation', ReservationEvent>('reservation');

export function initialReservationWithStock(init: {
  reservationId: string;
  catalog: Catalog;
}): ReservationWithStock {
  return initialWithStock(initialReservationState(init.reservationId), init.catalog);
}

export const foldReservationWithStock = foldWithStock<'reservation', ReservationState, ReservationEvent>(
  evolveReservation,
);

export const evolveReservationWithStock = evolveWithStock<'reservation', ReservationState, ReservationEvent>(
  evolveReservation,
);

/** All or nothing: every line must be available in the one store, or nothing is reserved. */
function createReservation(
  command: CreateReservation,
  state: ReservationWithStock,
): ReservationDecisionEvent[] {
  const data = command.data;
  requireItems(state.stock, linesAt(data.storeId, data.lines));
  const stock = changeLines(state.stock, data.storeId, data.lines, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand, reserved: item.reserved + line.qty }, threshold, (levels) => ({
      type: 'StockReserved',
      data: { ...levels, qty: line.qty, reservationId: data.reservationId },
    })),
  );
  return [
    onReservation({ type: 'ReservationCreated', data: { ...data, version: 1 } }),
    ...stock.map(onStock),
  ];
}

/** A confirm or cancel finds the reservation ACTIVE, before its time, at the version the caller saw. */
function assertCanAct(
  { root: reservation, stock }: ReservationWithStock,
  data: { now: string; expectedVersion?: number },
): void {
  if (reservation.status === 'NONE') throw new ReservationNotFound(reservation.reservationId);
  requireItems(stock, linesAt(reservation.storeId, reservation.lines));
  const { reservationId, status, expiresAt } = reservation;
  if (status !== 'ACTIVE') throw new ReservationNotActive(reservationId, status);
  if (data.now >= expiresAt) throw new ReservationNotActive(reservationId, 'EXPIRED');
  assertExpectedVersion(data.expectedVersion, reservation.version);
}

/** Consumes the reserved units: on hand and reserved both drop. */
function confirmReservation(
  command: ConfirmReservation,
  state: ReservationWithStock,
): ReservationDecisionEvent[] {
  assertCanAct(state, command.data);
  const { reservationId, storeId, lines, version } = state.root;
  const stock = changeLines(state.stock, storeId, lines, (item, line, threshold) =>
    changeStock(
      item,
      { onHand: item.onHand - line.qty, reserved: item.reserved - line.qty },
      threshold,
      (levels) => ({ type: 'StockReservationConsumed', data: { ...levels, qty: line.qty, reservationId } }),
    ),
  );
  const paymentRef = command.data.paymentRef;
  return [
    onReservation({
      type: 'ReservationConfirmed',
      data: { reservationId, storeId, paymentRef, version: version + 1 },
    }),
    ...stock.map(onStock),
  ];
}

function release({ root, stock }: ReservationWithStock, cause: 'cancelled' | 'expired'): StockItemEvent[] {
  const { reservationId, storeId, lines } = root;
  return changeLines(stock, storeId, lines, (item, line, threshold) =>
    changeStock(item, { onHand: item.onHand, reserved: item.reserved - line.qty }, threshold, (levels) => ({
      type: 'StockReservationReleased',
      data: { ...levels, qty: line.qty, reservationId, cause },
    })),
  );
}

function cancelReservation(
  command: CancelReservation,
  state: ReservationWithStock,
): ReservationDecisionEvent[] {
  assertCanAct(state, command.data);
  const { reservationId, storeId, version } = state.root;
  return [
    onReservation({
      type: 'ReservationCancelled',
      data: { reservationId, storeId, reason: command.data.reason, version: version + 1 },
    }),
    ...release(state, 'cancelled').map(onStock),
  ];
}

/** Only an ACTIVE reservation whose time has come expires; anything else is left alone, silently. */
function expireReservation(
  command: ExpireReservation,
  state: ReservationWithStock,
): ReservationDecisionEvent[] {
  const { reservationId, storeId, status, lines, expiresAt, version } = state.root;
  requireItems(state.stock, linesAt(storeId, lines));
  if (status !== 'ACTIVE' || command.data.now < expiresAt) return [];
  return [
    onReservation({
      type: 'ReservationExpired',
      data: { reservationId, storeId, expiredAt: command.data.now, version: version + 1 },
    }),
    ...release(state, 'expired').map(onStock),
  ];
}

export function decideReservation(
  command: ReservationCommand,
  state: ReservationWithStock,
): ReservationDecisionEvent[] {
  switch (command.type) {
    case 'CreateReservation':
      return createReservation(command, state);
    case 'ConfirmReservation':
      return confirmReservation(command, state);
    case 'CancelReservation':
      return cancelReservation(command, state);
    case 'ExpireReservation':
      return expireReservation(command, state);
    default:
      return assertNever(command);
  }
}

export const reservationDecider: Decider<
  ReservationCommand,
  ReservationDecisionEvent,
  ReservationWithStock,
  Parameters<typeof initialReservationWithStock>[0]
> = {
  initialState: initialReservationWithStock,
  evolve: evolveReservationWithStock,
  decide: decideReservation,
};

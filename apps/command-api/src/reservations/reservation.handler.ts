import { Injectable } from '@nestjs/common';
import {
  assertNever,
  decideReservation,
  linesAt,
  type ReservationCommand,
  type ReservationDecisionEvent,
  type ReservationState,
  type ReservationWithStock,
} from '@inventory/domain';
import { DeciderHandler } from '../command-store/repository';
import type { WithStockIds } from '../stock/with-stock.repository';
import { ReservationRepository } from './reservation.repository';

const reservedItems = (root: ReservationState) => linesAt(root.storeId, root.lines);

/** The rows each reservation command locks: the reservation's, then its lines' items. */
function ids(command: ReservationCommand): WithStockIds<ReservationState> {
  const id = command.data.reservationId;
  switch (command.type) {
    case 'CreateReservation':
      return { id, items: () => linesAt(command.data.storeId, command.data.lines), lock: 'new' };
    case 'ConfirmReservation':
    case 'CancelReservation':
      return { id, items: reservedItems };
    case 'ExpireReservation':
      // The sweeper leaves a reservation someone else holds to them (a confirm, another instance).
      return { id, items: reservedItems, lock: 'skip-locked' };
    default:
      return assertNever(command);
  }
}

@Injectable()
export class ReservationHandler extends DeciderHandler<
  ReservationCommand,
  WithStockIds<ReservationState>,
  ReservationWithStock,
  ReservationDecisionEvent
> {
  constructor(reservations: ReservationRepository) {
    super(reservations, ids, decideReservation);
  }
}

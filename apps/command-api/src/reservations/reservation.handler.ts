import { Injectable } from '@nestjs/common';
import {
  assertNever,
  decideReservation,
  linesAt,
  type ReservationCommand,
  type ReservationState,
  type ReservationWithStock,
} from '@inventory/domain';
import type { CommandTx } from '@inventory/persistence';
import type { CommandHandler } from '../command-store/repository';
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
export class ReservationHandler implements CommandHandler<ReservationCommand, ReservationWithStock> {
  constructor(private readonly reservations: ReservationRepository) {}

  execute(tx: CommandTx, command: ReservationCommand) {
    return this.reservations.update(tx, ids(command), (state) => decideReservation(command, state));
  }
}

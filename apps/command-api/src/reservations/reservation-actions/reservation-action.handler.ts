import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  decideCancelReservation,
  decideConfirmReservation,
  ReservationNotFound,
  type ReservationDecision,
  type ReservationEvent,
  type ReservationState,
  type ReservedItems,
} from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import type { CommandResult } from '../../command-store/pending-event';
import { loadReservationForUpdate, reservationView } from '../reservation.repository';
import { applyReservationDecision, lockReservedItems } from '../reservation-stock';
import { ReservationActionCommand } from './reservation-action.command';

/** Confirm consumes the reserved units; cancel releases them. Both only from ACTIVE, before expiry. */
@CommandHandler(ReservationActionCommand)
export class ReservationActionHandler implements ICommandHandler<ReservationActionCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, reservation, action, request }: ReservationActionCommand): Promise<CommandResult> {
    return this.commands.execute(context, async (tx) => {
      if (reservation.kind !== 'uuid') throw new ReservationNotFound(reservation.id);
      const state = (await loadReservationForUpdate(tx, reservation.id))!;
      if (state.status === 'NONE') throw new ReservationNotFound(reservation.id);
      const { stock, save } = await lockReservedItems(
        tx,
        state.storeId,
        state.lines.map((line) => line.sku),
      );
      const now = new Date().toISOString();
      const expectedVersion = context.expectedVersion;
      const decide = (s: ReservationState, items: ReservedItems): ReservationDecision<ReservationEvent> =>
        action === 'confirm'
          ? decideConfirmReservation(
              {
                type: 'ConfirmReservation',
                data: { paymentRef: request.paymentRef ?? null, now, expectedVersion },
              },
              s,
              items,
            )
          : decideCancelReservation(
              { type: 'CancelReservation', data: { reason: request.reason ?? null, now, expectedVersion } },
              s,
              items,
            );
      const { next, events } = await applyReservationDecision(tx, state, decide(state, stock), save);
      return { status: 202, body: reservationView(next), headers: { etag: `"${next.version}"` }, events };
    });
  }
}

import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideCreateReservation, initialReservationState } from '@inventory/domain';
import { CommandStore } from '../../command-store/command-store';
import type { CommandResult } from '../../command-store/pending-event';
import { reservationView } from '../reservation.repository';
import { applyReservationDecision, lockReservedItems } from '../reservation-stock';
import { CreateReservationCommand } from './create-reservation.command';
import { DEFAULT_TTL_SECONDS } from './create-reservation.request.dto';

@CommandHandler(CreateReservationCommand)
export class CreateReservationHandler implements ICommandHandler<CreateReservationCommand, CommandResult> {
  constructor(private readonly commands: CommandStore) {}

  execute({ context, request }: CreateReservationCommand): Promise<CommandResult> {
    const reservationId = randomUUID();
    const { storeId } = request;
    const lines = request.lines.map(({ sku, qty }) => ({ sku, qty }));
    const ttlMs = (request.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
    return this.commands.execute(context, async (tx) => {
      const expiresAt = new Date(Date.now() + ttlMs).toISOString();
      const { stock, save } = await lockReservedItems(
        tx,
        storeId,
        lines.map((line) => line.sku),
      );
      const decision = decideCreateReservation(
        {
          type: 'CreateReservation',
          data: { reservationId, storeId, customerId: request.customerId ?? null, lines, expiresAt },
        },
        stock,
      );
      const { next, events } = await applyReservationDecision(
        tx,
        initialReservationState(reservationId),
        decision,
        save,
      );
      return {
        status: 202,
        body: reservationView(next),
        headers: { location: `/v1/reservations/${reservationId}`, etag: `"${next.version}"` },
        events,
      };
    });
  }
}

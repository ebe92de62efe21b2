import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { classifyIssuedId, ID_RULE } from '@inventory/contracts';
import { AuthGuard, invalidField, ProblemError, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { ReservationActionCommand, type ReservationAction } from './reservation-action.command';
import { ReservationActionRequest } from './reservation-action.request.dto';

const TARGET = /^(.*):(confirm|cancel)$/;

/**
 * `POST /v1/reservations/{id}:confirm` and `…:cancel` (the seed's custom-method style). The router sees
 * one path segment, so the action is read from its suffix here.
 */
@Controller('v1/reservations')
@UseGuards(AuthGuard)
export class ReservationActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':target')
  async act(
    @Param('target') target: string,
    @Write() context: WriteContext,
    @Body() request: ReservationActionRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const match = TARGET.exec(target);
    if (!match) {
      throw new ProblemError(
        404,
        'ROUTE.NOT_FOUND',
        'use POST /v1/reservations/{reservationId}:confirm or :cancel with a reservation id from POST /v1/reservations',
      );
    }
    const [, id, action] = match;
    const reservation = classifyIssuedId(id!);
    if (reservation.kind === 'malformed')
      throw invalidField('reservationId', ID_RULE.replace('$property', 'reservationId'));
    const result = await this.commandBus.execute<ReservationActionCommand, CommandResult>(
      new ReservationActionCommand(context, reservation, action as ReservationAction, request),
    );
    sendCommandResult(reply, result);
  }
}

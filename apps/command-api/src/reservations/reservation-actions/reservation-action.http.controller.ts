import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { classifyIssuedId, ID_RULE } from '@inventory/contracts';
import { AuthGuard, invalidField, ProblemError, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { reservationActionCommand, type ReservationAction } from './reservation-action.command';
import { ReservationHandler } from '../reservation.handler';
import { presentReservationAction } from './reservation-action.presenter';
import { ReservationActionRequest } from './reservation-action.request.dto';

const TARGET = /^(.*):(confirm|cancel)$/;

/**
 * `POST /v1/reservations/{id}:confirm` and `…:cancel` (the seed's custom-method style). The router sees
 * one path segment, so the action is read from its suffix here.
 */
@Controller('v1/reservations')
@UseGuards(AuthGuard)
export class ReservationActionHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: ReservationHandler,
  ) {}

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
    const command = reservationActionCommand(
      reservation,
      action as ReservationAction,
      request,
      context,
      new Date(),
    );
    sendCommandResult(
      reply,
      await this.commands.run(context, this.handler, command, presentReservationAction),
    );
  }
}

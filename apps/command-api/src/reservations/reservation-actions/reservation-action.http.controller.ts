import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, ProblemError, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { ReservationActionCommand, type ReservationAction } from './reservation-action.command';
import { ReservationActionRequest } from './reservation-action.request.dto';

const TARGET = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(confirm|cancel)$/i;

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
    const [, reservationId, action] = match;
    const result = await this.commandBus.execute<ReservationActionCommand, CommandResult>(
      new ReservationActionCommand(
        context,
        reservationId!.toLowerCase(),
        action as ReservationAction,
        request,
      ),
    );
    sendCommandResult(reply, result);
  }
}

import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { createReservationCommand } from './create-reservation.command';
import { ReservationHandler } from '../reservation.handler';
import { presentCreatedReservation } from './create-reservation.presenter';
import { CreateReservationRequest } from './create-reservation.request.dto';

@Controller('v1/reservations')
@UseGuards(AuthGuard)
export class CreateReservationHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: ReservationHandler,
  ) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateReservationRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = createReservationCommand(request, new Date());
    sendCommandResult(
      reply,
      await this.commands.run(context, this.handler, command, presentCreatedReservation),
    );
  }
}

import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { CreateReservationCommand } from './create-reservation.command';
import { CreateReservationRequest } from './create-reservation.request.dto';

@Controller('v1/reservations')
@UseGuards(AuthGuard)
export class CreateReservationHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateReservationRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<CreateReservationCommand, CommandResult>(
      new CreateReservationCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}

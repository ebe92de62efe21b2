import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { CreateTransferCommand } from './create-transfer.command';
import { CreateTransferRequest } from './create-transfer.request.dto';

@Controller('v1/transfers')
@UseGuards(AuthGuard)
export class CreateTransferHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async create(
    @Write() context: WriteContext,
    @Body() request: CreateTransferRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<CreateTransferCommand, CommandResult>(
      new CreateTransferCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}

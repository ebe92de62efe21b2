import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { RegisterStoreCommand } from './register-store.command';
import { RegisterStoreRequest } from './register-store.request.dto';

@Controller('v1/stores')
@UseGuards(AuthGuard)
export class RegisterStoreHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  async register(
    @Write() context: WriteContext,
    @Body() request: RegisterStoreRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<RegisterStoreCommand, CommandResult>(
      new RegisterStoreCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}

import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { registerStoreCommand } from './register-store.command';
import { StoreHandler } from '../store.handler';
import { presentRegisteredStore } from './register-store.presenter';
import { RegisterStoreRequest } from './register-store.request.dto';

@Controller('v1/stores')
@UseGuards(AuthGuard)
export class RegisterStoreHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: StoreHandler,
  ) {}

  @Post()
  async register(
    @Write() context: WriteContext,
    @Body() request: RegisterStoreRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = registerStoreCommand(request);
    sendCommandResult(reply, await this.commands.run(context, this.handler, command, presentRegisteredStore));
  }
}

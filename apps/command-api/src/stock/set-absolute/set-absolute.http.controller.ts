import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AuthGuard, RequireRoles, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import type { CommandResult } from '../../command-store/pending-event';
import { SetAbsoluteCommand } from './set-absolute.command';
import { SetAbsoluteRequest } from './set-absolute.request.dto';

/** A recount overwrites what the system believed: admins only. */
// Fastify reads a single ':' as a parameter; '::' is a literal colon.
@Controller('v1/items::set-absolute')
@UseGuards(AuthGuard)
export class SetAbsoluteHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @RequireRoles('admin')
  async setAbsolute(
    @Write() context: WriteContext,
    @Body() request: SetAbsoluteRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const result = await this.commandBus.execute<SetAbsoluteCommand, CommandResult>(
      new SetAbsoluteCommand(context, request),
    );
    sendCommandResult(reply, result);
  }
}

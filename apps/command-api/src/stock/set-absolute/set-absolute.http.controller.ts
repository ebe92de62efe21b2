import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, RequireRoles, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { countStockCommand } from './set-absolute.command';
import { StockItemHandler } from '../stock-item.handler';
import { presentItem } from '../stock-item.presenter';
import { SetAbsoluteRequest } from './set-absolute.request.dto';

/** A recount overwrites what the system believed: admins only. */
// Fastify reads a single ':' as a parameter; '::' is a literal colon.
@Controller('v1/items::set-absolute')
@UseGuards(AuthGuard)
export class SetAbsoluteHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: StockItemHandler,
  ) {}

  @Post()
  @RequireRoles('admin')
  async setAbsolute(
    @Write() context: WriteContext,
    @Body() request: SetAbsoluteRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = countStockCommand(request, context);
    sendCommandResult(reply, await this.commands.run(context, this.handler, command, presentItem(request)));
  }
}

import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { adjustStockCommand } from './adjust-stock.command';
import { StockItemHandler } from '../stock-item.handler';
import { presentItem } from '../stock-item.presenter';
import { AdjustStockRequest } from './adjust-stock.request.dto';

@Controller('v1/adjustments')
@UseGuards(AuthGuard)
export class AdjustStockHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: StockItemHandler,
  ) {}

  @Post()
  async adjust(
    @Write() context: WriteContext,
    @Body() request: AdjustStockRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = adjustStockCommand(request, context);
    sendCommandResult(reply, await this.commands.run(context, this.handler, command, presentItem(request)));
  }
}

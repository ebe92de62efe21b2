import { Body, Controller, Post, Res, UseGuards } from '@nestjs/common';
import { AuthGuard, Write, type WriteContext } from '@inventory/platform';
import type { FastifyReply } from 'fastify';
import { sendCommandResult } from '../../command-store/command-result';
import { CommandStore } from '../../command-store/command-store';
import { purchaseCommand } from './purchase.command';
import { StockItemHandler } from '../stock-item.handler';
import { presentPurchase } from './purchase.presenter';
import { PurchaseRequest } from './purchase.request.dto';

/** Sells from a store the policy picks; answers with the chosen store and its new numbers. */
@Controller('v1/purchase')
@UseGuards(AuthGuard)
export class PurchaseHttpController {
  constructor(
    private readonly commands: CommandStore,
    private readonly handler: StockItemHandler,
  ) {}

  @Post()
  async purchase(
    @Write() context: WriteContext,
    @Body() request: PurchaseRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const command = purchaseCommand(request);
    sendCommandResult(
      reply,
      await this.commands.run(context, this.handler, command, presentPurchase(command)),
    );
  }
}
